package org.gridfaas.containers.scaling;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How container CPU limits follow usage. The numbers default to the ServerlessContainers
 * Guardian's (reference-behaviour.md §2); the per-container max, min and boundary come
 * from the function's settings.
 *
 * @param mode {@code faithful} (the Guardian's policy) or {@code improved} (reacts to
 * throttling at once, fits down sooner and tighter)
 * @param window how often usage is measured and the policy applied
 * @param eventLifetime how long an up or down event counts (the Guardian: 80 to 120 s)
 * @param upEvents up events needed to scale up (faithful)
 * @param downEvents down events needed to scale down (faithful)
 * @param upAmount shares added by a scale-up (faithful)
 * @param proportional scale up by {@code min(1, (usage - upper) / boundary) x upAmount}
 * instead of the fixed amount (faithful)
 * @param improvedDownEvents down events needed to scale down (improved)
 * @param timeSeries whether to write every window's max, allocated and used shares to
 * {@code $GRIDFAAS_HOME/data/cpu.jsonl}
 */
@ConfigurationProperties("gridfaas.scaling")
public record ScalingProperties(@DefaultValue("improved") Mode mode, @DefaultValue("10s") Duration window,
		@DefaultValue("100s") Duration eventLifetime, @DefaultValue("2") int upEvents,
		@DefaultValue("6") int downEvents, @DefaultValue("75") int upAmount,
		@DefaultValue("false") boolean proportional, @DefaultValue("3") int improvedDownEvents,
		@DefaultValue("true") boolean timeSeries) {

	/** The scaling policy. */
	public enum Mode {

		/** The ServerlessContainers Guardian's rules, as they are. */
		FAITHFUL,

		/** Up at once on throttling, down sooner and tighter. */
		IMPROVED

	}

}
