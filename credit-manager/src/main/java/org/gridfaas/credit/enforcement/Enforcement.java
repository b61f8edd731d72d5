package org.gridfaas.credit.enforcement;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.account.AccountStatus;
import org.gridfaas.common.api.AccountStanding;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.account.LedgerStandings;
import org.gridfaas.credit.enforcement.ContainerControl.RunningContainer;
import org.springframework.stereotype.Component;

/**
 * Holds every running container to what its owner's standing allows, the prototype's
 * table: in debt, its CPU is pinned at the floor; back in funds, the restriction is
 * lifted; past the debt limit, it is stopped and its running task goes back to the queue.
 * Level-triggered: each cycle compares what runs with what should, and acts only on the
 * difference, so a call that was lost is made again next cycle.
 */
@Component
public class Enforcement {

	private static final Logger log = LoggerFactory.getLogger(Enforcement.class);

	private final LedgerStandings standings;

	private final Counter restrictions;

	private final Counter lifts;

	private final Counter stops;

	public Enforcement(LedgerStandings standings, MeterRegistry meters) {
		this.standings = standings;
		this.restrictions = Counter.builder("gridfaas.enforcement.actions")
			.tag("action", "restrict")
			.description("Enforcement actions taken on containers")
			.register(meters);
		this.lifts = Counter.builder("gridfaas.enforcement.actions").tag("action", "lift").register(meters);
		this.stops = Counter.builder("gridfaas.enforcement.actions").tag("action", "stop").register(meters);
	}

	/**
	 * One pass over what runs on each ContainerManager, with each owner's standing read
	 * once for all of them: a user with containers on many workers is held to one
	 * standing everywhere.
	 * @param running the containers each ContainerManager runs now
	 * @return the actions taken
	 */
	public int enforce(Map<ContainerControl, List<RunningContainer>> running, Instant now) {
		Set<UserName> owners = running.values()
			.stream()
			.flatMap(List::stream)
			.map(RunningContainer::owner)
			.collect(Collectors.toSet());
		Map<UserName, AccountStanding> byOwner = this.standings.of(owners, now);
		int actions = 0;
		for (Map.Entry<ContainerControl, List<RunningContainer>> entry : running.entrySet()) {
			for (RunningContainer container : entry.getValue()) {
				AccountStanding standing = byOwner.get(container.owner());
				if (standing == null) {
					// No account: nothing to hold it to; ContainerManager starts nothing
					// new for it.
					continue;
				}
				try {
					actions += apply(entry.getKey(), container, standing);
				}
				catch (ContainerControl.ControlUnavailableException ex) {
					log.warn("{}; retrying next cycle", ex.getMessage());
				}
			}
		}
		return actions;
	}

	private int apply(ContainerControl control, RunningContainer container, AccountStanding standing) {
		AccountStatus status = standing.status();
		if (status == AccountStatus.OVER_DEBT_LIMIT) {
			control.stopAndRequeue(container.name());
			this.stops.increment();
			log.info("Stopped container {} of {}: balance {} is at or past the debt limit {}", container.name(),
					container.owner(), standing.balance(), standing.maxDebt());
			return 1;
		}
		if (status.restrictsCpu() && !container.restricted()) {
			control.restrict(container.name());
			this.restrictions.increment();
			log.info("Restricted container {} of {}: balance {} is in debt", container.name(), container.owner(),
					standing.balance());
			return 1;
		}
		if (!status.restrictsCpu() && container.restricted()) {
			control.lift(container.name());
			this.lifts.increment();
			log.info("Lifted the restriction of container {} of {}: balance {}", container.name(), container.owner(),
					standing.balance());
			return 1;
		}
		return 0;
	}

}
