package org.jbgpd.transport;

import org.jbgpd.session.AddPathMode;
import org.jbgpd.session.GracefulRestartInfo;
import org.jbgpd.session.NotificationData;
import org.jbgpd.session.OpenCapabilities;
import org.jbgpd.session.OpenFields;
import org.jbgpd.wire.Capability;
import org.jbgpd.wire.Family;
import org.jbgpd.wire.Notification;
import org.jbgpd.wire.Open;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Between the codec's messages and the state machine's value records (ADR 0050). */
final class WireMapping {

    private WireMapping() {}

    static OpenFields toFields(Open open) {
        boolean mp = false;
        Set<Family> families = EnumSet.noneOf(Family.class);
        long fourOctet = -1;
        boolean rr = false, err = false, ext = false;
        Map<Family, AddPathMode> addPath = new EnumMap<>(Family.class);
        GracefulRestartInfo gr = null;
        List<Integer> other = new ArrayList<>();
        for (Capability c : open.capabilities()) {
            switch (c) {
                case Capability.Multiprotocol m -> {
                    mp = true;
                    if (m.family() != null) families.add(m.family());
                }
                case Capability.RouteRefresh r -> rr = true;
                case Capability.EnhancedRouteRefresh e -> err = true;
                case Capability.ExtendedMessage e -> ext = true;
                case Capability.FourOctetAs f -> fourOctet = f.asNumber();
                case Capability.AddPath a -> {
                    for (Capability.AddPathFamily f : a.families()) {
                        AddPathMode mode = AddPathMode.of(f.sendReceive());
                        if (f.family() != null && mode != null) addPath.put(f.family(), mode);
                    }
                }
                case Capability.GracefulRestart g -> {
                    Map<Family, Boolean> fwd = new EnumMap<>(Family.class);
                    for (Capability.GrFamily f : g.families()) if (f.family() != null) fwd.put(f.family(), f.forwardingPreserved());
                    gr = new GracefulRestartInfo(g.restartState(), g.restartTime(), fwd, g.notificationSupported());
                }
                default -> other.add(c.code());
            }
        }
        OpenCapabilities caps = new OpenCapabilities(mp, families, fourOctet, rr, err, addPath, gr, ext, other);
        return new OpenFields(open.version(), open.myAutonomousSystem(), open.holdTime(), open.bgpIdentifier(), caps);
    }

    static Open toOpen(OpenFields f) {
        OpenCapabilities c = f.capabilities();
        List<Capability> caps = new ArrayList<>();
        for (Family fam : sorted(c.families())) caps.add(Capability.Multiprotocol.of(fam));
        if (c.routeRefresh()) caps.add(new Capability.RouteRefresh());
        if (c.enhancedRouteRefresh()) caps.add(new Capability.EnhancedRouteRefresh());
        if (c.fourOctetAs() >= 0) caps.add(new Capability.FourOctetAs(c.fourOctetAs()));
        if (!c.addPath().isEmpty()) {
            List<Capability.AddPathFamily> ap = new ArrayList<>();
            for (Family fam : sorted(c.addPath().keySet())) {
                ap.add(new Capability.AddPathFamily(fam.afi(), fam.safi(), c.addPath().get(fam).code()));
            }
            caps.add(new Capability.AddPath(ap));
        }
        GracefulRestartInfo gr = c.gracefulRestart();
        if (gr != null) {
            List<Capability.GrFamily> fams = new ArrayList<>();
            for (Family fam : sorted(gr.forwardingPreserved().keySet())) {
                fams.add(new Capability.GrFamily(fam.afi(), fam.safi(),
                        gr.forwardingPreserved().get(fam) ? Capability.GrFamily.FORWARDING_PRESERVED : 0));
            }
            int flags = (gr.restarting() ? Capability.GracefulRestart.RESTART_STATE : 0) | (gr.notification() ? Capability.GracefulRestart.NOTIFICATION : 0);
            caps.add(new Capability.GracefulRestart(flags, gr.restartTimeSeconds(), fams));
        }
        if (c.extendedMessage()) caps.add(new Capability.ExtendedMessage());
        return new Open(f.version(), f.myAs(), f.holdTime(), f.bgpIdentifier(), caps);
    }

    static NotificationData toData(Notification n) {
        return new NotificationData(n.code(), n.subcode(), n.data());
    }

    static Notification toNotification(NotificationData n) {
        return new Notification(n.code(), n.subcode(), n.data());
    }

    private static List<Family> sorted(Set<Family> s) {
        return s.stream().sorted().toList();
    }
}
