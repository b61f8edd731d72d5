package org.gridfaas.credit.metering;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * The last committed meter of each running container instance, kept in memory: a cycle
 * moves every running container's meter, and reading them all back from the database each
 * time was the largest cost of a cycle. The database is asked only for instances not held
 * (new ones, and all of them after a start). Only what a commit stored is held, so a
 * transaction that rolls back leaves nothing here that the database lacks. This
 * CreditManager is the meters' only writer.
 */
final class LastMeters {

	/** About 200 bytes each; past this, the least recently read are asked for again. */
	private static final int MAX_HELD = 500_000;

	private final MeterStore store;

	private final Cache<String, InstanceMeter> held = Caffeine.newBuilder().maximumSize(MAX_HELD).build();

	LastMeters(MeterStore store) {
		this.store = store;
	}

	/** The stored meters of these instances; instances never metered are left out. */
	Map<String, InstanceMeter> of(Collection<String> instances) {
		Map<String, InstanceMeter> found = new HashMap<>(this.held.getAllPresent(instances));
		Set<String> missing = new HashSet<>(instances);
		missing.removeAll(found.keySet());
		if (!missing.isEmpty()) {
			found.putAll(this.store.instances(missing));
		}
		return found;
	}

	/** Holds what a transaction just committed; an ended instance is read no more. */
	void committed(Collection<InstanceMeter> meters) {
		for (InstanceMeter meter : meters) {
			if (meter.ended()) {
				this.held.invalidate(meter.instance());
			}
			else {
				this.held.put(meter.instance(), meter);
			}
		}
	}

}
