/**
 * The wire contracts between ContainerManager and CreditManager (see
 * {@code design/architecture.md}): CreditManager serves {@link AccountStanding};
 * ContainerManager serves {@link UsagePage} and answers enforcement calls with
 * {@link ContainerRestriction} and {@link ContainerStop}. All JSON, all under
 * {@code /api/v1}.
 */
package org.gridfaas.common.api;
