package org.gridfaas.experiments.scenario;

import java.math.BigDecimal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NegativeOrZero;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;

/**
 * A scenario file as written, bound by Jackson and checked field by field by Bean
 * Validation; {@link ScenarioFile} checks what spans fields and makes the
 * {@link Scenario}. Each message reads after the field's place, e.g.
 * {@code account.maxDebt: must not be positive}.
 */
record ScenarioDocument(@NotBlank(message = TEXT) String title, String description,
		@NotNull(message = NUMBER) @Positive(message = "must be greater than 0 (CPU-seconds one GRC buys)") @Digits(
				integer = 12, fraction = 8, message = DECIMALS) BigDecimal price,
		@NotNull(message = MISSING) @Valid Account account, @NotNull(message = MISSING) @Valid Function function,
		@NotNull(message = WHOLE) @Min(value = 1, message = "must be at least 1") Long length,
		@NotEmpty(message = "must be a list of {at:, deposit:, tasks:}") List<@NotNull(
				message = "must be a mapping with at: and deposit: or tasks:") @Valid Event> events,
		@Valid Expect expect) {

	static final String MISSING = "is missing";

	static final String TEXT = "must be a non-empty text";

	static final String NUMBER = "must be a number";

	static final String WHOLE = "must be a whole number";

	static final String DECIMALS = "has more than 8 decimals";

	record Account(
			@NotNull(message = TEXT) @Pattern(regexp = "GREEDY|CONSERVATIVE",
					message = "must be GREEDY or CONSERVATIVE, not '${validatedValue}'") String policy,
			@NotNull(message = NUMBER) @PositiveOrZero(message = "must not be negative") @Digits(integer = 12,
					fraction = 8, message = DECIMALS) BigDecimal minBalance,
			@NotNull(message = NUMBER) @NegativeOrZero(
					message = "must not be positive (it is a debt: -0.5 allows half a GRC)") @Digits(integer = 12,
							fraction = 8, message = DECIMALS) BigDecimal maxDebt) {
	}

	record Function(@NotNull(message = WHOLE) @Min(value = 1, message = "must be at least 1") Integer cpuMax,
			@NotNull(message = WHOLE) @Min(value = 0, message = "must be at least 0") Integer cpuMin,
			@NotNull(message = WHOLE) @Min(value = 1, message = "must be at least 1") Integer cpuBoundary,
			@NotNull(message = WHOLE) @Min(value = 1, message = "must be at least 1") Long idleTimeout) {
	}

	record Event(@NotNull(message = WHOLE) @Min(value = 0, message = "must be at least 0") Long at,
			@Positive(message = "must be greater than 0") @Digits(integer = 12, fraction = 8,
					message = DECIMALS) BigDecimal deposit,
			List<@NotNull(message = "must be a list of <cores>-<seconds>, e.g. [1-100, 2-50]") String> tasks) {
	}

	record Expect(Boolean restricted, Boolean stoppedAtDebtLimit,
			@Min(value = 0, message = "must be at least 0") Integer succeeded,
			@Min(value = 0, message = "must be at least 0") Integer pending) {
	}

}
