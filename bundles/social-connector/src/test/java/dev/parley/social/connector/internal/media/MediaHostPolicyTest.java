package dev.parley.social.connector.internal.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class MediaHostPolicyTest {

    private final MediaHostPolicy meta = new MediaHostPolicy(List.of("fbcdn.net", ".fbsbx.com"),
            Optional.of("http://127.0.0.1:8181/sandbox/meta"));

    @Test
    void theplatformsCdnOverHttpsIsFetched() {
        assertThat(meta.refusal("https://scontent.xx.fbcdn.net/v/t1/abc.jpg?oh=1")).isEmpty();
        assertThat(meta.refusal("https://fbcdn.net/a.jpg")).isEmpty();
        assertThat(meta.refusal("https://cdn.fbsbx.com/v/t59/file.pdf")).isEmpty();
    }

    @Test
    void otherHostsAndLookalikesAreRefused() {
        assertThat(meta.refusal("https://evil.example/a.jpg")).get().asString().contains("not one of the account's media hosts");
        assertThat(meta.refusal("https://fbcdn.net.evil.example/a.jpg")).isPresent();
        assertThat(meta.refusal("https://evilfbcdn.net/a.jpg")).isPresent();
        assertThat(meta.refusal("https://169.254.169.254/latest/meta-data/")).isPresent();
        assertThat(meta.refusal("https://user:pw@scontent.fbcdn.net/a.jpg")).get().asString().contains("credentials");
    }

    @Test
    void plainHttpIsRefusedOnTheCdn() {
        assertThat(meta.refusal("http://scontent.xx.fbcdn.net/a.jpg")).get().asString().contains("https only");
        assertThat(meta.refusal("file:///etc/passwd")).isPresent();
        assertThat(meta.refusal("gopher://fbcdn.net/")).isPresent();
        assertThat(meta.refusal("not a url")).isPresent();
    }

    @Test
    void theAccountsOwnApiHostIsFetchedAsConfigured() {
        assertThat(meta.refusal("http://127.0.0.1:8181/sandbox/media/photo.png")).isEmpty();
        assertThat(meta.refusal("http://127.0.0.1:8182/other")).isPresent(); // another port is another service
        assertThat(meta.refusal("http://localhost:8181/sandbox/media/photo.png")).isPresent();
        assertThat(meta.apiHost()).contains("127.0.0.1");
    }

    @Test
    void privateLoopbackAndLinkLocalAddressesAreNotPublic() throws UnknownHostException {
        for (String address : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                "169.254.169.254", "100.64.0.1", "0.0.0.0", "224.0.0.1", "198.18.0.1", "::1", "fe80::1", "fd00::1",
                "fc00::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "::", "64:ff9b::a9fe:a9fe", "2002:a9fe:a9fe::1"}) {
            assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).as(address).isFalse();
        }
        for (String address : new String[] {"157.240.1.35", "8.8.8.8", "172.32.0.1", "2a03:2880:f003::1",
                "::ffff:157.240.1.35"}) {
            assertThat(PublicAddresses.isPublic(InetAddress.getByName(address))).as(address).isTrue();
        }
    }

    @Test
    void aCdnNameResolvingToAPrivateAddressIsRefusedWhenResolved() throws Exception {
        GuardedDnsResolver resolver = new GuardedDnsResolver(() -> Set.of("127.0.0.1"), new FixedDns(
                "scontent.xx.fbcdn.net", "10.0.0.7"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> resolver.resolve("scontent.xx.fbcdn.net"))
                .isInstanceOf(GuardedDnsResolver.PrivateAddressException.class).hasMessageContaining("10.0.0.7");
        GuardedDnsResolver rebinding = new GuardedDnsResolver(Set::of, new FixedDns("cdn.fbsbx.com", "157.240.1.35",
                "127.0.0.1"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rebinding.resolve("cdn.fbsbx.com"))
                .isInstanceOf(GuardedDnsResolver.PrivateAddressException.class);
        GuardedDnsResolver sandbox = new GuardedDnsResolver(() -> Set.of("127.0.0.1"), new FixedDns("127.0.0.1",
                "127.0.0.1"));
        assertThat(sandbox.resolve("127.0.0.1")).hasSize(1);
    }

    /** A DNS that answers one name with fixed addresses. */
    record FixedDns(String name, String... addresses) implements org.apache.hc.client5.http.DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            if (!host.equals(name)) {
                throw new UnknownHostException(host);
            }
            InetAddress[] out = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                out[i] = InetAddress.getByName(addresses[i]);
            }
            return out;
        }

        @Override
        public String resolveCanonicalHostname(String host) {
            return host;
        }
    }
}
