package org.jbgpd.bench.e2e;

/**
 * One run of one receiver: seconds from Established to all N routes present, seconds from the
 * feeder's disable to none left, the peak RSS (VmHWM) and the RSS at Established, and the CPU
 * seconds its processes used from enable to withdrawn (and the feeder's, which bounds how fast
 * any receiver can be), and its start-up: seconds from launch until it listens on TCP port 179. {@code unavailable} holds the reason
 * when the run produced no figures; then every number is NaN or 0 and must not be shown.
 * {@code installThreads} and {@code withdrawThreads}: CPU per thread group from Established (as the harness saw it)
 * to all N in the kernel and from disabling it to none left (jbgpd only; null otherwise).
 * {@code installPolling} and {@code withdrawPolling}: what the harness's own polling cost in those windows
 * and the gap before the read that saw the finish (receivers over BGP; null for the floors, which time themselves).
 * {@code rampSeconds}: from Established to the first of the N routes in the kernel ({@link FirstRoute}); NaN for the
 * floors and for receivers that do not install (GoBGP).
 */
record Measurement(String receiver, Scenario scenario, int routes, int run,
                   double installSeconds, double withdrawSeconds,
                   long peakRssBytes, long establishedRssBytes, double cpuSeconds, double feederCpuSeconds,
                   double startupSeconds, String unavailable,
                   ThreadCpu.Usage installThreads, ThreadCpu.Usage withdrawThreads,
                   Polling installPolling, Polling withdrawPolling, double rampSeconds) {

    Measurement(String receiver, Scenario scenario, int routes, int run,
                double installSeconds, double withdrawSeconds,
                long peakRssBytes, long establishedRssBytes, double cpuSeconds, double feederCpuSeconds,
                double startupSeconds, String unavailable,
                ThreadCpu.Usage installThreads, ThreadCpu.Usage withdrawThreads,
                Polling installPolling, Polling withdrawPolling) {
        this(receiver, scenario, routes, run, installSeconds, withdrawSeconds, peakRssBytes, establishedRssBytes, cpuSeconds,
                feederCpuSeconds, startupSeconds, unavailable, installThreads, withdrawThreads, installPolling, withdrawPolling, Double.NaN);
    }

    Measurement(String receiver, Scenario scenario, int routes, int run,
                double installSeconds, double withdrawSeconds,
                long peakRssBytes, long establishedRssBytes, double cpuSeconds, double feederCpuSeconds,
                double startupSeconds, String unavailable,
                ThreadCpu.Usage installThreads, ThreadCpu.Usage withdrawThreads) {
        this(receiver, scenario, routes, run, installSeconds, withdrawSeconds, peakRssBytes, establishedRssBytes, cpuSeconds,
                feederCpuSeconds, startupSeconds, unavailable, installThreads, withdrawThreads, null, null);
    }

    Measurement(String receiver, Scenario scenario, int routes, int run,
                double installSeconds, double withdrawSeconds,
                long peakRssBytes, long establishedRssBytes, double cpuSeconds, double feederCpuSeconds,
                double startupSeconds, String unavailable) {
        this(receiver, scenario, routes, run, installSeconds, withdrawSeconds, peakRssBytes, establishedRssBytes, cpuSeconds,
                feederCpuSeconds, startupSeconds, unavailable, null, null);
    }

    static Measurement unavailable(String receiver, Scenario scenario, int routes, int run, String why) {
        return new Measurement(receiver, scenario, routes, run, Double.NaN, Double.NaN, 0, 0, Double.NaN, Double.NaN, Double.NaN, why);
    }

    boolean ok() {
        return unavailable == null;
    }
}
