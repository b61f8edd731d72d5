package org.gridfaas.experiments.run;

/**
 * One thing a run had to show, and whether it did.
 *
 * @param what what was expected
 * @param passed whether the run showed it
 * @param detail what the run showed
 */
public record Check(String what, boolean passed, String detail) {
}
