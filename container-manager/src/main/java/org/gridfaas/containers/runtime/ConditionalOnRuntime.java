package org.gridfaas.containers.runtime;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code gridfaas.runtime.kind} selects the given runtime; {@code auto} (the
 * default) selects Apptainer where the {@code apptainer} command is on the PATH, else
 * local.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Conditional(ConditionalOnRuntime.OnRuntimeCondition.class)
public @interface ConditionalOnRuntime {

	/** {@code local} or {@code apptainer}. */
	String value();

	/** Resolves the configured kind. */
	class OnRuntimeCondition implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String wanted = (String) metadata.getAnnotationAttributes(ConditionalOnRuntime.class.getName())
				.get("value");
			return wanted.equals(resolve(context.getEnvironment().getProperty("gridfaas.runtime.kind", "auto")));
		}

		public static String resolve(String configured) {
			if (!"auto".equals(configured)) {
				return configured;
			}
			return onPath("apptainer") ? "apptainer" : "local";
		}

		private static boolean onPath(String command) {
			String path = System.getenv().getOrDefault("PATH", "");
			return Arrays.stream(path.split(":"))
				.filter((folder) -> !folder.isEmpty())
				.anyMatch((folder) -> Files.isExecutable(Path.of(folder, command)));
		}

	}

}
