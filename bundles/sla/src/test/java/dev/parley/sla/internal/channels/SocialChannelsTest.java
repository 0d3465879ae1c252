package dev.parley.sla.internal.channels;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class SocialChannelsTest {

    @Test
    void aPlatformsChannelsComeWithTheirLabels() {
        assertThat(SocialChannels.channelsOf("meta", new String[] {"messenger", "instagram"},
                new String[] {"messenger=Messenger", "instagram=Instagram", "broken", "=x"}))
                .containsExactly(new SocialChannels.Channel("messenger", "Messenger", "meta"),
                        new SocialChannels.Channel("instagram", "Instagram", "meta"));
    }

    @Test
    void withoutChannelsThePlatformIsTheChannelAndWithoutALabelItsIdShows() {
        assertThat(SocialChannels.channelsOf("mastodon", null, null))
                .containsExactly(new SocialChannels.Channel("mastodon", "mastodon", "mastodon"));
        assertThat(SocialChannels.channelsOf("whatsapp", "whatsapp", List.of("whatsapp=WhatsApp")))
                .containsExactly(new SocialChannels.Channel("whatsapp", "WhatsApp", "whatsapp"));
    }
}
