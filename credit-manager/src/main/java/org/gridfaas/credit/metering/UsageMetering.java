package org.gridfaas.credit.metering;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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
 * Turns readings of cumulative CPU counters into charges. What a cycle read from every
 * source is ingested in one transaction with the meters it moves, the charges it posts
 * and each source's cursor past it: a page read twice, or read and then lost to a crash
 * before the commit, is charged exactly once, and a user whose containers run on many
 * workers gets one charge per cycle.
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

	private final LastMeters lastMeters;

	private final AccountRepository accounts;

	private final Ledger ledger;

	private final TransactionTemplate transactions;

	private final MeteringProperties properties;

	private final Clock clock;

	private final BigDecimal noiseThreshold;

	UsageMetering(MeterStore store, AccountRepository accounts, Ledger ledger, TransactionTemplate transactions,
			MeteringProperties properties, Clock clock) {
		this.store = store;
		this.lastMeters = new LastMeters(store);
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
		return ingest(List.of(read(source, Integer.MAX_VALUE)));
	}

	/**
	 * Reads what a source has after its stored cursor, page by page, until it has no
	 * more, or {@code budget} readings were read (the rest waits for the next cycle).
	 * @throws UsageSource.SourceUnavailableException when the source cannot be read
	 */
	public Reading read(UsageSource source, int budget) {
		MeterStore.Cursor from = this.store.cursor(source.id());
		List<UsagePage> pages = new ArrayList<>();
		MeterStore.Cursor cursor = from;
		int records = 0;
		for (int n = 0; n < MAX_PAGES && records < budget; n++) {
			UsagePage page = source.after(cursor.after(), cursor.log(), this.properties.pageSize());
			pages.add(page);
			records += page.records().size();
			cursor = new MeterStore.Cursor(page.log(), page.cursor());
			if (!page.more()) {
				break;
			}
		}
		return new Reading(source, from, pages, records);
	}

	/**
	 * Charges what every source reported in one transaction; should that fail, source by
	 * source, so that readings which cannot be stored hold back only their own source.
	 * @return what was ingested, and why each source that could not be failed
	 */
	public Outcome ingestEach(List<Reading> readings) {
		try {
			return new Outcome(ingest(readings), Map.of());
		}
		catch (RuntimeException ex) {
			if (readings.size() == 1) {
				return new Outcome(Ingested.NONE, Map.of(readings.get(0).sourceId(), ex));
			}
			log.warn("Metering {} workers at once failed ({}); metering them one by one", readings.size(),
					ex.toString());
		}
		Ingested total = Ingested.NONE;
		Map<String, RuntimeException> failures = new LinkedHashMap<>();
		for (Reading reading : readings) {
			try {
				total = total.plus(ingest(List.of(reading)));
			}
			catch (RuntimeException ex) {
				failures.put(reading.sourceId(), ex);
			}
		}
		return new Outcome(total, failures);
	}

	/**
	 * What {@link #ingestEach} did.
	 *
	 * @param ingested what was charged
	 * @param failures by source, why its readings could not be charged; they wait
	 */
	public record Outcome(Ingested ingested, Map<String, RuntimeException> failures) {
	}

	/**
	 * Charges what was read, in one transaction, then lets each source forget what is now
	 * stored.
	 */
	public Ingested ingest(List<Reading> readings) {
		Written written = this.transactions.execute((status) -> ingestAll(readings));
		this.lastMeters.committed(written.meters());
		Ingested ingested = written.ingested();
		for (Reading reading : readings) {
			MeterStore.Cursor to = reading.to();
			if (to.log() != null && to.after() > 0) {
				try {
					reading.source.acknowledge(to.log(), to.after());
				}
				catch (UsageSource.SourceUnavailableException ex) {
					// Harmless: the next cycle acknowledges a later cursor.
					log.debug("Could not acknowledge {}: {}", reading.source.id(), ex.getMessage());
				}
			}
		}
		return ingested;
	}

	/** What a transaction wrote: what it ingested, and the meters it stored. */
	private record Written(Ingested ingested, List<InstanceMeter> meters) {
	}

	private Written ingestAll(List<Reading> readings) {
		Instant now = this.clock.instant();
		List<SourceRecord> records = new ArrayList<>();
		for (Reading reading : readings) {
			records.addAll(reading.newRecords());
		}
		Set<String> instanceIds = new HashSet<>();
		Set<String> userIds = new HashSet<>();
		records.forEach((read) -> {
			instanceIds.add(read.record().instance());
			userIds.add(read.record().user().value());
		});
		Map<String, InstanceMeter> stored = this.lastMeters.of(instanceIds);
		Map<String, UserMeter> storedUsers = this.store.users(userIds);
		Map<UserName, Account> owners = this.accounts
			.findAll(userIds.stream().map(UserName::of).collect(Collectors.toSet()));
		Map<String, InstanceMeter> instances = new LinkedHashMap<>(stored);
		Map<String, UserMeter> users = new LinkedHashMap<>(storedUsers);
		Set<String> changedInstances = new HashSet<>();
		BigDecimal measured = BigDecimal.ZERO;
		for (SourceRecord read : records) {
			UsageRecord record = read.record();
			InstanceMeter meter = instances.computeIfAbsent(record.instance(),
					(id) -> InstanceMeter.first(read.source(), record));
			if (meter.ended()) {
				continue;
			}
			String user = meter.user();
			Account owner = owners.get(UserName.of(user));
			InstanceMeter.Reading reading = meter.read(record,
					owner == null ? BillingBasis.USED : owner.billingBasis());
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
		for (Reading reading : readings) {
			if (!reading.to().equals(reading.from)) {
				this.store.saveCursor(reading.source.id(), reading.to(), now);
			}
		}
		List<InstanceMeter> written = new ArrayList<>(inserts);
		written.addAll(updates);
		return new Written(new Ingested(records.size(), measured, charges.size(), charged), written);
	}

	/** Every user's cumulative meter, for metrics and the usage API. */
	public List<UserMeter> users() {
		return this.store.allUsers();
	}

	/**
	 * What was read from one source: its pages after the cursor stored when reading
	 * began.
	 */
	public static final class Reading {

		private final UsageSource source;

		private final MeterStore.Cursor from;

		private final List<UsagePage> pages;

		private final int records;

		private Reading(UsageSource source, MeterStore.Cursor from, List<UsagePage> pages, int records) {
			this.source = source;
			this.from = from;
			this.pages = List.copyOf(pages);
			this.records = records;
		}

		/** The source read. */
		public String sourceId() {
			return this.source.id();
		}

		/** The readings in its pages, some perhaps already ingested. */
		public int records() {
			return this.records;
		}

		MeterStore.Cursor to() {
			UsagePage last = this.pages.isEmpty() ? null : this.pages.get(this.pages.size() - 1);
			return last == null ? this.from : new MeterStore.Cursor(last.log(), last.cursor());
		}

		/**
		 * The records after the cursor, in order. In another log than the cursor's, every
		 * record is new to the cursor; the per-instance meters keep what was charged
		 * already from being charged again.
		 */
		List<SourceRecord> newRecords() {
			List<SourceRecord> fresh = new ArrayList<>();
			MeterStore.Cursor cursor = this.from;
			for (UsagePage page : this.pages) {
				if (cursor.log() != null && !Objects.equals(page.log(), cursor.log())) {
					log.warn("{} started a new usage log ({}, was {}); reading it from its start", this.source.id(),
							page.log(), cursor.log());
				}
				long after = Objects.equals(page.log(), cursor.log()) ? cursor.after() : 0;
				for (UsageRecord record : page.records()) {
					if (record.seq() > after) {
						fresh.add(new SourceRecord(this.source.id(), record));
					}
				}
				cursor = new MeterStore.Cursor(page.log(), page.cursor());
			}
			return fresh;
		}

	}

	/** A record and the source it came from. */
	private record SourceRecord(String source, UsageRecord record) {
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
