package dev.parley.escalation.internal.engine;

import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

import dev.parley.escalation.api.EscalationRule;

/** Service references as the framework orders them (ranking, then id), for tests outside OSGi. */
final class EngineFixtures {

    private EngineFixtures() {
    }

    static ServiceReference<EscalationRule> reference(long id, int ranking) {
        return new Ref(id, ranking);
    }

    private record Ref(long id, int ranking) implements ServiceReference<EscalationRule> {
        @Override
        public Object getProperty(String key) {
            return Constants.SERVICE_ID.equals(key) ? (Object) id : Constants.SERVICE_RANKING.equals(key) ? ranking : null;
        }

        @Override
        public String[] getPropertyKeys() {
            return new String[] {Constants.SERVICE_ID, Constants.SERVICE_RANKING};
        }

        @Override
        public Bundle getBundle() {
            return null;
        }

        @Override
        public Bundle[] getUsingBundles() {
            return new Bundle[0];
        }

        @Override
        public boolean isAssignableTo(Bundle bundle, String className) {
            return true;
        }

        @Override
        public int compareTo(Object other) {
            Ref o = (Ref) other;
            return ranking != o.ranking ? Integer.compare(ranking, o.ranking) : Long.compare(o.id, id);
        }

        @Override
        public Dictionary<String, Object> getProperties() {
            return new Hashtable<>(Map.of(Constants.SERVICE_ID, id, Constants.SERVICE_RANKING, ranking));
        }

        @Override
        public <A> A adapt(Class<A> type) {
            return null;
        }
    }
}
