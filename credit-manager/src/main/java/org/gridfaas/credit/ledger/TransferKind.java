package org.gridfaas.credit.ledger;

/** Why value moved. */
public enum TransferKind {

	/** Funds from outside ({@code @wallet}) to a user. */
	DEPOSIT,

	/** A user's CPU use, charged to the provider ({@code @provider}). */
	USAGE_CHARGE,

	/** Funds from a user back outside ({@code @wallet}). */
	WITHDRAWAL,

	/** A correction by the operator. */
	ADJUSTMENT

}
