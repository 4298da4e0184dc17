package org.jbgpd.cli;

import java.util.concurrent.Callable;
import org.jbgpd.control.ControlClient;
import org.jbgpd.control.PeerDetail;
import org.jbgpd.control.PeerSummary;
import org.jbgpd.control.RouteEntry;
import org.jbgpd.wire.IpAddress;
import org.jbgpd.wire.IpPrefix;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code jbgpctl show ...}: read-only views. */
@Command(name = "show", description = "show peers, a peer, routes or the route to an address",
        subcommands = {ShowCommand.Peers.class, ShowCommand.Peer.class, ShowCommand.Routes.class, ShowCommand.Route.class})
public final class ShowCommand {

    @ParentCommand
    JbgpctlCommand root;

    @Command(name = "peers", description = "all peers: address, type, state, since, info, prefixes")
    static final class Peers implements Callable<Integer> {
        @ParentCommand ShowCommand show;

        @Override
        public Integer call() {
            JbgpctlCommand r = show.root;
            return r.show(c -> c.get("/v1/peers"), body -> r.views().peers(r.json.readList(body, PeerSummary.class)));
        }
    }

    @Command(name = "peer", description = "one peer: negotiated capabilities, timers, counters, last error")
    static final class Peer implements Callable<Integer> {
        @ParentCommand ShowCommand show;
        @Parameters(paramLabel = "NAME") String name;

        @Override
        public Integer call() {
            JbgpctlCommand r = show.root;
            return r.show(c -> c.get("/v1/peers/" + ControlClient.query(name)), body -> r.views().peer(r.json.read(body, PeerDetail.class)));
        }
    }

    @Command(name = "routes", description = "routes in the Loc-RIB, all or those inside PREFIX")
    static final class Routes implements Callable<Integer> {
        @ParentCommand ShowCommand show;
        @Parameters(paramLabel = "PREFIX", arity = "0..1", converter = PrefixConverter.class) IpPrefix prefix;

        @Override
        public Integer call() {
            JbgpctlCommand r = show.root;
            String path = prefix == null ? "/v1/routes" : "/v1/routes?prefix=" + ControlClient.query(prefix.toString());
            return r.show(c -> c.get(path), body -> r.views().routes(r.json.readList(body, RouteEntry.class)));
        }
    }

    @Command(name = "route", description = "the longest-match route for ADDRESS: paths, best, installed next hops")
    static final class Route implements Callable<Integer> {
        @ParentCommand ShowCommand show;
        @Parameters(paramLabel = "ADDRESS", converter = AddressConverter.class) IpAddress address;

        @Override
        public Integer call() {
            JbgpctlCommand r = show.root;
            return r.show(c -> c.get("/v1/route?address=" + ControlClient.query(address.toString())),
                    body -> r.views().route(r.json.read(body, RouteEntry.class)));
        }
    }

    static final class PrefixConverter implements picocli.CommandLine.ITypeConverter<IpPrefix> {
        @Override
        public IpPrefix convert(String value) {
            try {
                return IpPrefix.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    static final class AddressConverter implements picocli.CommandLine.ITypeConverter<IpAddress> {
        @Override
        public IpAddress convert(String value) {
            try {
                return IpAddress.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
