package org.gridfaas.common.money;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * Constrains the sign of a {@link Grc} field: a deposit must be positive, a debt limit
 * must not be. {@code null} is valid here; pair with {@code @NotNull} where a value is
 * required.
 */
@Documented
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = GrcSign.Validator.class)
public @interface GrcSign {

	Sign value();

	String message() default "{org.gridfaas.common.money.GrcSign.message}";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** The allowed signs. */
	enum Sign {

		POSITIVE("must be greater than 0"), NOT_NEGATIVE("must not be negative"),
		NOT_POSITIVE("must not be greater than 0");

		private final String message;

		Sign(String message) {
			this.message = message;
		}

		boolean accepts(Grc value) {
			return switch (this) {
				case POSITIVE -> value.isPositive();
				case NOT_NEGATIVE -> !value.isNegative();
				case NOT_POSITIVE -> !value.isPositive();
			};
		}

	}

	/** Checks a {@link Grc} against the annotated sign. */
	class Validator implements ConstraintValidator<GrcSign, Grc> {

		private Sign sign;

		@Override
		public void initialize(GrcSign annotation) {
			this.sign = annotation.value();
		}

		@Override
		public boolean isValid(Grc value, ConstraintValidatorContext context) {
			if (value == null || this.sign.accepts(value)) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			context.buildConstraintViolationWithTemplate(this.sign.message).addConstraintViolation();
			return false;
		}

	}

}
