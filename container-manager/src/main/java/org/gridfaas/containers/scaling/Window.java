package org.gridfaas.containers.scaling;

import org.gridfaas.common.cpu.CpuShares;

/**
 * What one window measured of a container: its average CPU use, from the difference of
 * two cumulative counter readings, and whether its limit held it back.
 *
 * @param used average use over the window, in shares (may exceed the limit slightly: CFS
 * accounting is per period)
 * @param throttledShare the share of the window's CFS periods in which the limit held the
 * container back, 0 to 1
 */
public record Window(int used, double throttledShare) {

	public CpuShares usedShares() {
		return CpuShares.of(Math.max(0, this.used));
	}

}
