package org.jbgpd.netlink;

import org.jbgpd.wire.IpAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.jbgpd.netlink.Layouts.*;
import static org.jbgpd.netlink.Rtnetlink.*;

/**
 * Our kernel nexthop objects (Linux 5.3+, ADR 0091): one object per distinct (gateway,
 * interface) and one group per distinct ECMP set, marked with our protocol number, so that a
 * route names its next hops with one RTA_NH_ID instead of carrying them. The kernel then shares
 * one fib_info among all routes of an object instead of looking one up per route.
 *
 * <p>Objects are created on demand, each with an ACKed request of its own before the routes that
 * use it are sent (a write of routes through an object that does not exist would fail, and an id
 * taken by someone else must never be used). The caller says which objects are still in use
 * ({@link #sweep}); the others are deleted, groups before their members. Deleting an object
 * deletes the routes that still use it, so the caller sweeps only after those routes were moved.
 *
 * <p>At start the objects of ours that an earlier run left (with routes that use them) are kept:
 * one whose content is asked for again is reused, the others go at the first sweep after
 * {@link #leftoversMayGo()}. A kernel without nexthop objects answers the probe dump with an
 * error: then {@link #enabled()} is false and routes carry their gateways as before.
 *
 * <p>Requests go out on the route writer's socket, so the event listener (which ignores that
 * socket's port) does not see our own changes; the caller must have flushed the writer first.
 * One thread (fib-sync) owns an instance.
 */
final class NextHopObjects implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NextHopObjects.class);
    /** Our ids start here (well away from the small ids people pick by hand) and skip ids in use. */
    static final int FIRST_ID = 0x4a42_0000;
    private static final int MAX_ID_ATTEMPTS = 64;

    /** An object of ours: a single next hop (members null) or a group of singles. */
    private record Ours(int id, List<NextHop> hops, int[] members) {
        boolean group() { return members != null; }
    }

    /** An object as the kernel dumped it. */
    private record Dumped(int id, int protocol, NextHop hop, int[] group) { }

    private final Requests rq;
    private final int protocol;
    private boolean supported;
    /** The kernel's objects were read (at start when wanted, else on the first route of ours that names one). */
    private boolean loaded;
    private boolean enabled;
    private final Map<List<NextHop>, Ours> byHops = new HashMap<>();
    private final Map<Integer, Ours> byId = new HashMap<>();
    /** Ids an earlier run left, not yet reused: kept until {@link #leftoversMayGo()}. */
    private final Set<Integer> leftovers = new HashSet<>();
    private boolean leftoversMayGo;
    /** Ids of ours whose kernel content no longer matches (a group that lost a member): delete at the next sweep. */
    private final Set<Integer> retired = new HashSet<>();
    /** Every id in the kernel at the last dump (anyone's): never chosen for a new object. */
    private final Set<Integer> taken = new HashSet<>();
    /** What every object of the start-up dump (anyone's) leads to: for routes listed by RTA_NH_ID only. */
    private final Map<Integer, List<NextHop>> atStart = new HashMap<>();
    private int nextId = FIRST_ID;
    private final boolean[] loggedErrno = new boolean[256];
    /** What the kernel answered the last nexthop dump it refused (for the log line). */
    private int refusal;
    private long created;
    private long deleted;

    /**
     * Probes the kernel with a dump of its nexthop objects and takes stock of ours.
     *
     * @param wanted false when the configuration turns objects off: ours from an earlier run are
     *               still found (and deleted once unused), no new ones are made
     */
    NextHopObjects(NetlinkSocket socket, int protocol, boolean wanted) throws NetlinkException {
        // Replies are single datagrams of at most 32 KiB (dumps included; see RouteDump.RECEIVE_BYTES): 64 KiB, resident
        // from start as the buffer is zeroed, where 256 KiB were (ADR 0129).
        this.rq = new Requests(socket, 4096, RouteDump.RECEIVE_BYTES, 0x5000_0000);
        this.protocol = protocol;
        // Off by configuration (the default), the start skips the dump: it cost 100-150 ms of start-up
        // (README, issue 8). Objects an earlier run left behind are then found through the first route
        // of ours that names one (see loadLeftovers).
        if (wanted) load(true);
    }

    /**
     * With objects off: a route of ours found at start names an object, so an earlier run used them:
     * read what it left (to understand such routes and to delete the objects once unused). Once only.
     */
    void loadLeftovers() throws NetlinkException {
        if (!loaded) load(false);
    }

    private void load(boolean wanted) throws NetlinkException {
        loaded = true;
        List<Dumped> found = dumpOrNull();
        this.supported = found != null;
        if (!supported) {
            if (wanted) LOG.info("the kernel refuses nexthop objects ({}; Linux 5.3 or later has them): routes carry their gateways", Errno.name(refusal));
            return;
        }
        for (Dumped d : found) {
            taken.add(d.id());
            if (d.protocol() == protocol) leftovers.add(d.id());
        }
        Map<Integer, Dumped> all = new HashMap<>();
        for (Dumped d : found) all.put(d.id(), d);
        for (Dumped d : found) {
            List<NextHop> hops = hopsOf(d, all);
            if (hops != null) atStart.put(d.id(), hops);
            if (hops != null && d.protocol() == protocol) remember(new Ours(d.id(), hops, d.group()));
        }
        // A leftover that could not be understood (a group of a member not ours) is still ours to delete.
        for (int id : leftovers) if (!byId.containsKey(id)) retired.add(id);
        this.enabled = wanted;
        if (!leftovers.isEmpty()) LOG.info("{} nexthop objects of ours found in the kernel: reused or removed after the initial sync", leftovers.size());
    }

    /** True when routes should name nexthop objects: the kernel has them and the configuration wants them. */
    boolean enabled() { return enabled; }

    /** True when the kernel answers nexthop requests at all (Linux 5.3+). */
    boolean supported() { return supported; }

    long created() { return created; }

    long deleted() { return deleted; }

    /** Objects of ours known to exist. */
    int size() { return byId.size(); }

    /** The next hops of an object found at start (anyone's), for a route that names only its id; null if unknown. */
    List<NextHop> atStart(int id) { return atStart.get(id); }

    /**
     * The id of the object for exactly these next hops, created if needed; 0 when they cannot go
     * through an object (objects off, a next hop without gateway or interface, a gateway of
     * another family than the route, or the kernel refused to create it): the caller then writes
     * the gateways into the route as before.
     */
    int idFor(List<NextHop> hops, boolean routeV4) throws NetlinkException {
        if (!enabled || hops.isEmpty()) return 0;
        Ours known = byHops.get(hops);
        if (known != null) {
            adopt(known);
            return known.id();
        }
        for (NextHop h : hops) {
            if (h.gateway() == null || h.ifIndex() <= 0 || h.gateway().isV4() != routeV4) return 0;
        }
        if (hops.size() == 1) return create(hops, null);
        int[] members = new int[hops.size()];
        for (int i = 0; i < members.length; i++) {
            int m = idFor(List.of(hops.get(i)), routeV4);
            if (m == 0) return 0;
            members[i] = m;
        }
        return create(hops, members);
    }

    /** The id of the object for these next hops if one of ours exists, without creating one; else 0 (always 0 while not {@link #enabled()}). */
    int existing(List<NextHop> hops) {
        if (!enabled) return 0;
        Ours o = byHops.get(hops);
        return o == null ? 0 : o.id();
    }

    /** Leftovers of an earlier run not reused by now may be deleted at the next sweep (the initial sync is over). */
    void leftoversMayGo() { leftoversMayGo = true; }

    /**
     * Deletes every object of ours not in {@code inUse} (nor a member of a group in it), and the
     * retired ones; leftovers of an earlier run only after {@link #leftoversMayGo()}. Groups go
     * before their members. The routes still using a deleted object go with it, so the caller
     * passes every object a wanted route may use.
     */
    void sweep(Set<Integer> inUse) throws NetlinkException {
        Set<Integer> keep = new HashSet<>();
        for (int id : inUse) {
            Ours o = byId.get(id);
            if (o == null) continue;
            keep.add(id);
            if (o.group()) for (int m : o.members()) keep.add(m);
        }
        List<Ours> groups = new ArrayList<>();
        List<Ours> singles = new ArrayList<>();
        for (Ours o : byId.values()) {
            if (keep.contains(o.id()) || (!leftoversMayGo && leftovers.contains(o.id()))) continue;
            (o.group() ? groups : singles).add(o);
        }
        List<Integer> gone = new ArrayList<>(retired);
        if (!leftoversMayGo) gone.removeIf(leftovers::contains);
        for (Ours o : groups) gone.add(o.id());
        for (Ours o : singles) gone.add(o.id());
        for (int id : gone) {
            delete(id);
            forget(id);
            retired.remove(id);
            leftovers.remove(id);
        }
    }

    /**
     * Compares our objects with the kernel's (a device that went away takes its objects with it;
     * a group loses the members on it): those gone are forgotten, those changed are forgotten and
     * retired. Returns true if any was, so the routes that used them must be written again.
     */
    boolean verify() throws NetlinkException {
        if (!supported) return false;
        List<Dumped> found = dumpOrNull();
        if (found == null) return false;
        taken.clear();
        Map<Integer, Dumped> kernel = new HashMap<>();
        for (Dumped d : found) {
            taken.add(d.id());
            kernel.put(d.id(), d);
        }
        boolean changed = false;
        for (Ours o : List.copyOf(byId.values())) {
            Dumped d = kernel.get(o.id());
            boolean same = d != null && d.protocol() == protocol
                    && (o.group() ? Arrays.equals(o.members(), d.group()) : o.hops().getFirst().equals(d.hop()));
            if (same) continue;
            changed = true;
            forget(o.id());
            if (d != null && d.protocol() == protocol) retired.add(o.id());
            else leftovers.remove(o.id());
        }
        retired.removeIf(id -> !kernel.containsKey(id));
        if (changed) LOG.info("nexthop objects of ours were removed or changed by the kernel (a link went away?): routes using them are written again");
        return changed;
    }

    /** Deletes every object of ours (on exit without keepOnExit, after our routes were removed). */
    void deleteAll() throws NetlinkException {
        leftoversMayGo = true;
        sweep(Set.of());
    }

    private void adopt(Ours o) {
        leftovers.remove(o.id());
    }

    private void remember(Ours o) {
        byId.put(o.id(), o);
        byHops.put(o.hops(), o);
    }

    private void forget(int id) {
        Ours o = byId.remove(id);
        if (o != null && byHops.get(o.hops()) == o) byHops.remove(o.hops());
    }

    private int create(List<NextHop> hops, int[] members) throws NetlinkException {
        for (int attempt = 0; attempt < MAX_ID_ATTEMPTS; attempt++) {
            int id = freeId();
            int error = send(id, hops, members);
            if (error == 0) {
                taken.add(id);
                remember(new Ours(id, List.copyOf(hops), members));
                created++;
                return id;
            }
            if (error == Errno.EEXIST) { // someone took the id since our last dump
                taken.add(id);
                continue;
            }
            if (created == 0) {
                enabled = false;
                LOG.warn("the kernel refused our first nexthop object ({}): routes carry their gateways from now on", Errno.name(error));
            } else if (!loggedErrno[error & 0xff]) {
                loggedErrno[error & 0xff] = true;
                LOG.warn("the kernel refused a nexthop object for {} ({}): those routes carry their gateways (further refusals not logged)", hops, Errno.name(error));
            }
            return 0;
        }
        LOG.warn("no free nexthop id after {} attempts: routes via {} carry their gateways", MAX_ID_ATTEMPTS, hops);
        return 0;
    }

    private int freeId() {
        while (taken.contains(nextId) || byId.containsKey(nextId) || nextId <= 0) {
            nextId = nextId <= 0 || nextId == Integer.MAX_VALUE ? FIRST_ID : nextId + 1;
        }
        return nextId++;
    }

    /** Sends one RTM_NEWNEXTHOP (create, never replace) and returns the kernel's answer (0 or an errno). */
    private int send(int id, List<NextHop> hops, int[] members) throws NetlinkException {
        int seq = rq.begin();
        int m = rq.out.beginMessage(RTM_NEWNEXTHOP, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, seq);
        if (members != null) {
            rq.out.nhmsg(AF_UNSPEC, protocol);
            rq.out.attrU32(NHA_ID, id);
            rq.out.attrGroup(members, members.length);
        } else {
            NextHop h = hops.getFirst();
            rq.out.nhmsg(h.gateway().isV4() ? AF_INET : AF_INET6, protocol);
            rq.out.attrU32(NHA_ID, id);
            rq.out.attrU32(NHA_OIF, h.ifIndex());
            rq.out.attrAddress(NHA_GATEWAY, h.gateway());
        }
        rq.out.endMessage(m);
        return ack(seq);
    }

    private void delete(int id) throws NetlinkException {
        int seq = rq.begin();
        int m = rq.out.beginMessage(RTM_DELNEXTHOP, NLM_F_REQUEST | NLM_F_ACK, seq);
        rq.out.nhmsg(AF_UNSPEC, 0);
        rq.out.attrU32(NHA_ID, id);
        rq.out.endMessage(m);
        int error = ack(seq);
        if (error == 0) deleted++;
        else if (error != Errno.ENOENT && !loggedErrno[error & 0xff]) {
            loggedErrno[error & 0xff] = true;
            LOG.warn("could not delete nexthop object {}: {}", id, Errno.name(error));
        }
    }

    private int ack(int seq) throws NetlinkException {
        rq.send();
        int[] error = new int[1];
        rq.read(seq, r -> {
            if (r.type() != NLMSG_ERROR) return false;
            error[0] = r.errorCode();
            return true;
        });
        return error[0];
    }

    /** Every nexthop object in the namespace, or null when the kernel does not know the request. */
    private List<Dumped> dumpOrNull() throws NetlinkException {
        int seq = rq.begin();
        int m = rq.out.beginMessage(RTM_GETNEXTHOP, NLM_F_REQUEST | NLM_F_DUMP, seq);
        rq.out.nhmsg(AF_UNSPEC, 0);
        rq.out.endMessage(m);
        rq.send();
        List<Dumped> found = new ArrayList<>();
        boolean[] unsupported = new boolean[1];
        rq.read(seq, r -> {
            switch (r.type()) {
                case NLMSG_DONE -> { return true; }
                case NLMSG_ERROR -> {
                    int e = r.errorCode();
                    if (e == 0) return false;
                    // EOPNOTSUPP before Linux 5.3; whatever else the kernel says, routes can still carry their gateways.
                    refusal = e;
                    unsupported[0] = true;
                    return true;
                }
                case RTM_NEWNEXTHOP -> {
                    Dumped d = read(r);
                    if (d != null) found.add(d);
                }
                default -> { }
            }
            return false;
        });
        return unsupported[0] ? null : found;
    }

    private Dumped read(MessageCursor r) {
        MemorySegment b = r.buffer();
        int p = r.payload();
        int family = b.get(java.lang.foreign.ValueLayout.JAVA_BYTE, p) & 0xff;
        int proto = b.get(java.lang.foreign.ValueLayout.JAVA_BYTE, p + 2) & 0xff;
        int id = 0, oif = 0;
        IpAddress gateway = null;
        int[] group = null;
        rq.attrs.reset(p + NHMSG_LEN, r.end());
        while (rq.attrs.next()) {
            switch (rq.attrs.type()) {
                case NHA_ID -> id = rq.attrs.u32();
                case NHA_OIF -> oif = rq.attrs.u32();
                case NHA_GATEWAY -> gateway = rq.attrs.address(family == AF_INET);
                case NHA_GROUP -> {
                    int n = rq.attrs.payloadLength() / NEXTHOP_GRP_LEN;
                    group = new int[n];
                    for (int i = 0; i < n; i++) group[i] = b.get(U32, rq.attrs.payload() + i * NEXTHOP_GRP_LEN);
                }
                default -> { }
            }
        }
        if (id == 0) return null;
        NextHop hop = group == null && (gateway != null || oif > 0) ? new NextHop(gateway, oif) : null;
        return new Dumped(id, proto, hop, group);
    }

    /** The next hops an object leads to (a group: its members' in order), or null for a blackhole or unknown member. */
    private static List<NextHop> hopsOf(Dumped d, Map<Integer, Dumped> all) {
        if (d.group() == null) return d.hop() == null ? null : List.of(d.hop());
        List<NextHop> hops = new ArrayList<>(d.group().length);
        for (int m : d.group()) {
            Dumped member = all.get(m);
            if (member == null || member.hop() == null) return null;
            hops.add(member.hop());
        }
        return List.copyOf(hops);
    }

    @Override
    public void close() {
        rq.close();
    }
}
