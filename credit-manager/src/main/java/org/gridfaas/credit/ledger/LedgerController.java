package org.gridfaas.credit.ledger;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A user's ledger (the user or the admin), and the ledger's own check (the admin). */
@RestController
@Validated
class LedgerController {

	private final Ledger ledger;

	LedgerController(Ledger ledger) {
		this.ledger = ledger;
	}

	/** The user's transfers, newest first, and the balance they sum to. */
	@GetMapping("/api/v1/accounts/{user}/ledger")
	UserLedger ledger(@PathVariable UserName user, @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return new UserLedger(user, this.ledger.balanceOf(user),
				this.ledger.transfersOf(LedgerAccounts.of(user), limit));
	}

	/**
	 * Whether every entry sums to zero, as two opposite legs per transfer must, and every
	 * stored balance is the sum of its account's entries. Reads the whole ledger.
	 */
	@GetMapping("/api/v1/ledger/check")
	LedgerCheck check() {
		Grc total = this.ledger.total();
		List<String> mismatched = this.ledger.balancesNotMatchingEntries();
		return new LedgerCheck(total, total.isZero() && mismatched.isEmpty(), mismatched);
	}

	/**
	 * @param user the user
	 * @param balance the sum of all the user's entries
	 * @param transfers the latest transfers, newest first
	 */
	record UserLedger(UserName user, Grc balance, List<Transfer> transfers) {
	}

	/**
	 * @param total the sum of every ledger entry
	 * @param balanced whether it is zero and every stored balance matches its entries
	 * @param balancesMismatched accounts whose stored balance is not the sum of their
	 * entries
	 */
	record LedgerCheck(Grc total, boolean balanced, List<String> balancesMismatched) {
	}

}
