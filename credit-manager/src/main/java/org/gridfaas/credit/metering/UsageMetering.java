package org.gridfaas.credit.metering;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.gridfaas.common.account.BillingBasis;
import org.gridfaas.common.api.UsagePage;
import org.gridfaas.common.api.UsageRecord;
import org.gridfaas.common.money.Grc;
import org.gridfaas.common.naming.UserName;
import org.gridfaas.credit.account.Account;
import org.gridfaas.credit.account.AccountRepository;
import org.gridfaas.credit.ledger.Ledger;
import org.gridfaas.credit.ledger.LedgerAccounts;
import org.gridfaas.credit.ledger.TransferKind;
import org.gridfaas.credit.ledger.TransferRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Turns readings of cumulative CPU counters into charges. Each page of readings is
 * ingested in one transaction with the meters it moves, the charges it posts and the
 * cursor past it: a page read twice, or read and then lost to a crash before the commit,
 * is charged exactly once.
 *
 * <p>
 * A charge is {@code vcore-seconds / rate} GRC, posted in whole steps of the minimum
 * charge from the user to the provider. What is owed follows from the cumulative seconds
 * metered, so whatever is below a step, or below the noise threshold, waits for later and
 * is never lost.
 */
@Component
public class UsageMetering {

	private static final Logger log = LoggerFactory.getLogger(UsageMetering.class);

	/**
	 * Pages read from one source per cycle at most; the rest waits for the next cycle.
	 */
	private static final int MAX_PAGES = 100;

	private final MeterStore store;

	private final AccountRepository accounts;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	private final MeteringProperties properties;

	private final Clock clock;

	private final BigDecimal noiseThreshold;

	UsageMetering(MeterStore store, AccountRepository accounts, Ledger ledger, TransactionTemplate transactions,
			MeteringProperties properties, Clock clock) {
		this.store = store;
		this.accounts = accounts;
		this.ledger = ledger;
		this.transactions = transactions;
		this.properties = properties;
		this.clock = clock;
		this.noiseThreshold = BigDecimal.valueOf(properties.noiseThreshold().toNanos(), 9);
	}

	/**
	 * Reads and charges everything a source has after its cursor.
	 * @return what was ingested
	 * @throws UsageSource.SourceUnavailableException when the source cannot be read
	 */
	public Ingested meter(UsageSource source) {
		MeterStore.Cursor cursor = this.store.cursor(source.id());
		Map<String, BillingBasis> bases = new HashMap<>();
		for (Account account : this.accounts.findAll()) {
			bases.put(account.user().value(), account.billingBasis());
		}
		Ingested total = Ingested.NONE;
		for (int pages = 0; pages < MAX_PAGES; pages++) {
			UsagePage page = source.after(cursor.after(), cursor.log(), this.properties.pageSize());
			MeterStore.Cursor from = cursor;
			total = total.plus(this.transactions.execute((status) -> ingest(source.id(), from, page, bases)));
			cursor = new MeterStore.Cursor(page.log(), page.cursor());
			if (!page.more()) {
				break;
			}
		}
		if (cursor.log() != null && cursor.after() > 0) {
			// Stored, so the source may forget it.
			source.acknowledge(cursor.log(), cursor.after());
		}
		return total;
	}

	private Ingested ingest(String source, MeterStore.Cursor from, UsagePage page, Map<String, BillingBasis> bases) {
		Instant now = this.clock.instant();
		// In another log than the cursor's, every record is new to the cursor; the
		// per-instance meters keep what was charged already from being charged again.
		long cursor = Objects.equals(page.log(), from.log()) ? from.after() : 0;
		if (from.log() != null && !Objects.equals(page.log(), from.log())) {
			log.warn("{} started a new usage log ({}, was {}); reading it from its start", source, page.log(),
					from.log());
		}
		MeterStore.Cursor readTo = new MeterStore.Cursor(page.log(), page.cursor());
		List<UsageRecord> records = page.records().stream().filter((record) -> record.seq() > cursor).toList();
		if (records.isEmpty()) {
			if (!readTo.equals(from)) {
				this.store.saveCursor(source, readTo, now);
			}
			return Ingested.NONE;
		}
		Set<String> instanceIds = new HashSet<>();
		Set<String> userIds = new HashSet<>();
		records.forEach((record) -> {
			instanceIds.add(record.instance());
			userIds.add(record.user().value());
		});
		Map<String, InstanceMeter> stored = this.store.instances(instanceIds);
		Map<String, UserMeter> storedUsers = this.store.users(userIds);
		Map<String, InstanceMeter> instances = new LinkedHashMap<>(stored);
		Map<String, UserMeter> users = new LinkedHashMap<>(storedUsers);
		Set<String> changedInstances = new HashSet<>();
		BigDecimal measured = BigDecimal.ZERO;
		for (UsageRecord record : records) {
			InstanceMeter meter = instances.computeIfAbsent(record.instance(),
					(id) -> InstanceMeter.first(source, record));
			if (meter.ended()) {
				continue;
			}
			String user = meter.user();
			InstanceMeter.Reading reading = meter.read(record, bases.getOrDefault(user, BillingBasis.USED));
			InstanceMeter next = reading.meter();
			UserMeter userMeter = users.computeIfAbsent(user, UserMeter::empty);
			BigDecimal metered = BigDecimal.ZERO;
			if (next.ended() || next.carriedSeconds().compareTo(this.noiseThreshold) >= 0) {
				metered = next.carriedSeconds();
				next = next.settled();
			}
			users.put(user, userMeter.plus(metered, reading.usedSeconds()));
			instances.put(next.instance(), next);
			changedInstances.add(next.instance());
			measured = measured.add(reading.usedSeconds());
		}
		Grc charged = Grc.ZERO;
		List<TransferRequest> charges = new ArrayList<>();
		for (Map.Entry<String, UserMeter> entry : users.entrySet()) {
			UserMeter meter = entry.getValue();
			Grc due = meter.due(this.properties.vcoreSecondsPerGrc(), this.properties.minimumCharge());
			if (due.isPositive()) {
				// Keyed by what was charged before: unique per user, the same on a retry.
				charges.add(new TransferRequest(TransferKind.USAGE_CHARGE,
						"usage:" + meter.user() + ":" + meter.charged().amount().toPlainString(),
						LedgerAccounts.of(UserName.of(meter.user())), LedgerAccounts.PROVIDER, due, "CPU usage"));
				entry.setValue(meter.charge(due));
				charged = charged.plus(due);
			}
		}
		this.ledger.postAll(charges);
		List<InstanceMeter> inserts = new ArrayList<>();
		List<InstanceMeter> updates = new ArrayList<>();
		for (String id : changedInstances) {
			(stored.containsKey(id) ? updates : inserts).add(instances.get(id));
		}
		this.store.insertInstances(inserts);
		this.store.updateInstances(updates);
		List<UserMeter> newUsers = new ArrayList<>();
		List<UserMeter> changedUsers = new ArrayList<>();
		for (UserMeter meter : users.values()) {
			(storedUsers.containsKey(meter.user()) ? changedUsers : newUsers).add(meter);
		}
		this.store.insertUsers(newUsers, now);
		this.store.updateUsers(changedUsers, now);
		this.store.saveCursor(source, readTo, now);
		return new Ingested(records.size(), measured, charges.size(), charged);
	}

	/** Every user's cumulative meter, for metrics and the usage API. */
	public List<UserMeter> users() {
		return this.store.allUsers();
	}

	/**
	 * What one or more pages brought.
	 *
	 * @param records readings ingested
	 * @param measuredSeconds CPU-seconds they measured
	 * @param charges charges posted
	 * @param charged GRC charged
	 */
	public record Ingested(int records, BigDecimal measuredSeconds, int charges, Grc charged) {

		static final Ingested NONE = new Ingested(0, BigDecimal.ZERO, 0, Grc.ZERO);

		Ingested plus(Ingested other) {
			return new Ingested(this.records + other.records, this.measuredSeconds.add(other.measuredSeconds),
					this.charges + other.charges, this.charged.plus(other.charged));
		}

	}

}
