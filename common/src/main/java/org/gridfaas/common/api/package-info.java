/**
 * The platform's REST APIs, declared once ({@link ContainerManagerApi},
 * {@link CreditManagerApi}; see {@code design/architecture.md}), and the records of the
 * contracts between the services: CreditManager serves {@link AccountStanding};
 * ContainerManager serves {@link UsagePage} and {@link ContainerView} and answers
 * enforcement calls with {@link ContainerRestriction} and {@link ContainerStop}. All
 * JSON, all under {@code /api/v1}.
 */
package org.gridfaas.common.api;
