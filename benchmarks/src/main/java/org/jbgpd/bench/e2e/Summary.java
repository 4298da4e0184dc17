package org.jbgpd.bench.e2e;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The runs of one receiver for one scenario and N, reduced to what the table shows: medians
 * with min and max for the times, medians for memory and CPU. Only runs that produced figures
 * count; {@code failures} keeps the reasons of the others. {@code harnessInstallCpuSeconds} and
 * {@code finishGapMillis}: medians of what the harness's own polling cost during the install and of the
 * gap before the read that saw all N (NaN for the floors, which time themselves; ADR 0096). {@code rampSeconds}: median
 * of Established to the first route in the kernel (NaN for the floors and GoBGP; ADR 0106).
 */
record Summary(String receiver, Scenario scenario, int routes, int runs,
               Stat install, Stat withdraw, double peakRssBytes, double establishedRssBytes, double cpuSeconds,
               double feederCpuSeconds, double startupSeconds, List<String> failures,
               double harnessInstallCpuSeconds, double finishGapMillis, double rampSeconds) {

    /** Median, min and max of some values (NaN when there are none). */
    record Stat(double median, double min, double max) {
        static Stat of(double[] values) {
            double[] v = Arrays.stream(values).filter(x -> !Double.isNaN(x)).sorted().toArray();
            if (v.length == 0) return new Stat(Double.NaN, Double.NaN, Double.NaN);
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            return new Stat(median, v[0], v[v.length - 1]);
        }
    }

    static Summary of(List<Measurement> runs) {
        Measurement first = runs.getFirst();
        List<Measurement> ok = runs.stream().filter(Measurement::ok).toList();
        List<String> failures = new ArrayList<>();
        for (Measurement m : runs) if (!m.ok()) failures.add(m.unavailable());
        return new Summary(first.receiver(), first.scenario(), first.routes(), runs.size(),
                Stat.of(ok.stream().mapToDouble(Measurement::installSeconds).toArray()),
                Stat.of(ok.stream().mapToDouble(Measurement::withdrawSeconds).toArray()),
                Stat.of(ok.stream().filter(m -> m.peakRssBytes() > 0).mapToDouble(Measurement::peakRssBytes).toArray()).median(),
                Stat.of(ok.stream().filter(m -> m.establishedRssBytes() > 0).mapToDouble(Measurement::establishedRssBytes).toArray()).median(),
                Stat.of(ok.stream().mapToDouble(Measurement::cpuSeconds).toArray()).median(),
                Stat.of(ok.stream().mapToDouble(Measurement::feederCpuSeconds).toArray()).median(),
                Stat.of(ok.stream().mapToDouble(Measurement::startupSeconds).toArray()).median(),
                failures,
                Stat.of(ok.stream().filter(m -> m.installPolling() != null).mapToDouble(m -> m.installPolling().harnessCpuSeconds()).toArray()).median(),
                Stat.of(ok.stream().filter(m -> m.installPolling() != null).mapToDouble(m -> m.installPolling().finishGapMillis()).toArray()).median(),
                Stat.of(ok.stream().mapToDouble(Measurement::rampSeconds).toArray()).median());
    }

    /** The receiver's name as the table and chart show it: what it is when that is not obvious. */
    String displayName() {
        return switch (receiver) {
            case "gobgp" -> "gobgp (RIB only)";
            case NullReceiver.ID -> "null receiver";
            case JbgpdReceiver.NEXTHOP_OBJECTS_ID -> receiver + " (kernel.nexthopObjects: true)";
            case "c-netlink", CNetlinkFloor.NEXTHOP_OBJECT_ID, "netlink", "ip-batch" -> receiver + " (floor)";
            default -> receiver;
        };
    }

    /** The name where there is room for ~20 characters only (the chart's label column). */
    String shortName() {
        return receiver.equals(JbgpdReceiver.NEXTHOP_OBJECTS_ID) ? receiver + " (nhid)" : displayName();
    }

    boolean available() {
        return !Double.isNaN(install.median());
    }

    /** Peak RSS divided by N: what "bytes per route" means in the table (start-up memory included). */
    double rssBytesPerRoute() {
        return peakRssBytes / routes;
    }
}
