# Builds small synthetic MRT files covering record types the RIS samples lack.
import struct, gzip, ipaddress, sys
out = sys.argv[1]
def u8(v): return struct.pack('>B', v)
def u16(v): return struct.pack('>H', v)
def u32(v): return struct.pack('>I', v)
def ip4(s): return ipaddress.IPv4Address(s).packed
def ip6(s): return ipaddress.IPv6Address(s).packed
def attr(flags, code, val):
    if len(val) > 255 or flags & 0x10: return u8(flags | 0x10) + u8(code) + u16(len(val)) + val
    return u8(flags) + u8(code) + u8(len(val)) + val
def seg(t, asns, w): return u8(t) + u8(len(asns)) + b''.join(u32(a) if w == 4 else u16(a) for a in asns)
def aspath(segs, w): return attr(0x40, 2, b''.join(seg(t, a, w) for t, a in segs))
def origin(o): return attr(0x40, 1, u8(o))
def nh(a): return attr(0x40, 3, ip4(a))
def med(v): return attr(0x80, 4, u32(v))
def lp(v): return attr(0x40, 5, u32(v))
def atomic(): return attr(0x40, 6, b'')
def aggr(asn, a, w): return attr(0xc0, 7, (u32(asn) if w == 4 else u16(asn)) + ip4(a))
def comms(vals): return attr(0xc0, 8, b''.join(u32(v) for v in vals))
def as4path(segs): return attr(0xc0, 17, b''.join(seg(t, a, 4) for t, a in segs))
def as4aggr(asn, a): return attr(0xc0, 18, u32(asn) + ip4(a))
def pfx(p, pathid=None):
    n = ipaddress.ip_network(p)
    b = n.network_address.packed[:(n.prefixlen + 7) // 8]
    return (u32(pathid) if pathid is not None else b'') + u8(n.prefixlen) + b
def mpreach(afi, safi, nhs, prefixes): return attr(0x90, 14, u16(afi) + u8(safi) + u8(len(nhs)) + nhs + u8(0) + b''.join(prefixes))
def mpunreach(afi, safi, prefixes): return attr(0x90, 15, u16(afi) + u8(safi) + b''.join(prefixes))
def mpreach_abbrev(nhs): return attr(0x80, 14, u8(len(nhs)) + nhs)
def rec(ts, t, st, body, micros=None):
    if micros is not None: return u32(ts) + u16(t) + u16(st) + u32(len(body) + 4) + u32(micros) + body
    return u32(ts) + u16(t) + u16(st) + u32(len(body)) + body
def bgpmsg(mtype, body): return b'\xff' * 16 + u16(19 + len(body)) + u8(mtype) + body
def update(withdrawn, attrs, nlri): return bgpmsg(2, u16(len(withdrawn)) + withdrawn + u16(len(attrs)) + attrs + nlri)
def bgp4mp_hdr(w, peeras, localas, afi, peer, local):
    a = (u32 if w == 4 else u16)
    ips = (ip4(peer) + ip4(local)) if afi == 1 else (ip6(peer) + ip6(local))
    return a(peeras) + a(localas) + u16(0) + u16(afi) + ips
recs = []
T = 1700000000
# TABLE_DUMP v1, IPv4, 2-octet AS: every attribute the line shows, sets, well-known communities
a = origin(0) + aspath([(2, [65001, 65002]), (2, [65003]), (1, [65010, 65011])], 2) + nh('192.0.2.1') + med(50) + lp(200) \
    + atomic() + aggr(65010, '192.0.2.9', 2) + comms([0xFFFFFF01, 0xFFFFFF02, 0xFFFFFF03, 0xFFFFFF04, (65001 << 16) | 7])
recs.append(rec(T, 12, 1, u16(0) + u16(1) + ip4('198.51.100.0') + u8(24) + u8(1) + u32(T - 100) + ip4('192.0.2.1') + u16(65001) + u16(len(a)) + a))
# TABLE_DUMP v1, IPv6, abbreviated MP_REACH with global + link-local next hop, EGP
a = origin(1) + aspath([(2, [65001, 65020])], 2) + mpreach_abbrev(ip6('2001:db8::1') + ip6('fe80::1'))
recs.append(rec(T, 12, 2, u16(0) + u16(2) + ip6('2001:db8:100::') + u8(48) + u8(1) + u32(T - 100) + ip6('2001:db8::1') + u16(65001) + u16(len(a)) + a))
# TABLE_DUMP v1, IPv4, 4-octet AS, confederation segments
a = origin(2) + aspath([(3, [64512, 64513]), (4, [64514, 64515]), (2, [4200000000, 65030])], 4) + nh('192.0.2.2')
recs.append(rec(T, 12, 3, u16(0) + u16(3) + ip4('203.0.113.0') + u8(25) + u8(1) + u32(T - 100) + ip4('192.0.2.2') + u32(4200000001) + u16(len(a)) + a))
# TABLE_DUMP_V2 peer index: IPv4 AS2, IPv6 AS4, IPv4 AS4
peers = u8(0) + ip4('10.0.0.1') + ip4('192.0.2.1') + u16(65001) \
      + u8(3) + ip4('10.0.0.2') + ip6('2001:db8::2') + u32(4200000002) \
      + u8(2) + ip4('10.0.0.3') + ip4('192.0.2.3') + u32(65003)
name = b'view1'
recs.append(rec(T, 13, 1, ip4('10.0.0.254') + u16(len(name)) + name + u16(3) + peers))
def ribentry(peer, attrs, pathid=None):
    return u16(peer) + u32(T - 50) + (u32(pathid) if pathid is not None else b'') + u16(len(attrs)) + attrs
a1 = origin(0) + aspath([(2, [65001, 4200000000])], 4) + nh('192.0.2.1') + comms([(65001 << 16) | 100])
a2 = origin(0) + aspath([(2, [65003]), (1, [65040])], 4) + nh('192.0.2.3') + med(0) + lp(2147482623) + aggr(4200000000, '192.0.2.3', 4)
recs.append(rec(T, 13, 2, u32(0) + pfx('198.51.100.128/25') + u16(2) + ribentry(0, a1) + ribentry(2, a2)))
a3 = origin(0) + aspath([(2, [4200000002, 65050])], 4) + mpreach_abbrev(ip6('2001:db8::2') + ip6('fe80::2'))
recs.append(rec(T, 13, 4, u32(1) + pfx('2001:db8:200::/40') + u16(1) + ribentry(1, a3)))
# IPv4 multicast RIB: bgpdump prints nothing
recs.append(rec(T, 13, 3, u32(2) + pfx('198.51.100.0/24') + u16(1) + ribentry(0, a1)))
# RIB with add-path
recs.append(rec(T, 13, 8, u32(3) + pfx('203.0.113.0/24') + u16(2) + ribentry(0, a1, 7) + ribentry(2, a2, 4294967295)))
# BGP4MP_ET MESSAGE_AS4 (IPv4 session): withdrawals and announcements, microseconds
a = origin(0) + aspath([(2, [65001, 65060])], 4) + nh('192.0.2.1') + med(4294967295)
m = update(pfx('198.51.100.0/26') + pfx('198.51.100.64/26'), a, pfx('203.0.113.128/25') + pfx('0.0.0.0/0'))
recs.append(rec(T + 1, 17, 4, bgp4mp_hdr(4, 65001, 65000, 1, '192.0.2.1', '192.0.2.254') + m, micros=1234))
recs.append(rec(T + 1, 17, 4, bgp4mp_hdr(4, 65001, 65000, 1, '192.0.2.1', '192.0.2.254') + m, micros=999999))
# BGP4MP_ET STATE_CHANGE_AS4, IPv6
recs.append(rec(T + 2, 17, 5, bgp4mp_hdr(4, 4200000002, 65000, 2, '2001:db8::2', '2001:db8::fe') + u16(6) + u16(1), micros=42))
# BGP4MP STATE_CHANGE (AS2, IPv4)
recs.append(rec(T + 2, 16, 0, bgp4mp_hdr(2, 65001, 65000, 1, '192.0.2.1', '192.0.2.254') + u16(1) + u16(2)))
# BGP4MP MESSAGE_AS4_LOCAL on an IPv4 session: IPv6 withdrawals and announcements, IPv4 MP
a = origin(0) + aspath([(2, [65000])], 4) + mpreach(2, 1, ip6('2001:db8::fe'), [pfx('2001:db8:300::/48')]) \
    + mpunreach(2, 1, [pfx('2001:db8:301::/48')])
recs.append(rec(T + 3, 16, 7, bgp4mp_hdr(4, 65001, 65000, 1, '192.0.2.1', '192.0.2.254') + update(pfx('198.51.100.0/24'), a, b'')))
a = origin(0) + aspath([(2, [65000])], 4) + mpreach(1, 1, ip4('192.0.2.254'), [pfx('198.51.100.0/24')]) + lp(4294967295) + med(2147483648)
recs.append(rec(T + 3, 16, 7, bgp4mp_hdr(4, 65001, 65000, 1, '192.0.2.1', '192.0.2.254') + update(b'', a, b'')))
# BGP4MP MESSAGE_AS4_ADDPATH on an IPv6 session
a = origin(0) + aspath([(2, [4200000002])], 4) + mpreach(2, 1, ip6('2001:db8::2') + ip6('fe80::2'), [pfx('2001:db8:400::/48', 1), pfx('2001:db8:400::/48', 2)]) \
    + mpunreach(2, 1, [pfx('2001:db8:401::/48', 3)])
recs.append(rec(T + 4, 16, 9, bgp4mp_hdr(4, 4200000002, 65000, 2, '2001:db8::2', '2001:db8::fe') + update(pfx('198.51.100.0/24', 9), a, pfx('203.0.113.0/24', 10))))
# BGP4MP_ET MESSAGE_AS4_LOCAL_ADDPATH
a = origin(0) + aspath([(2, [65000])], 4) + nh('192.0.2.254')
recs.append(rec(T + 4, 17, 11, bgp4mp_hdr(4, 65001, 65000, 1, '192.0.2.1', '192.0.2.254') + update(pfx('198.51.100.0/25', 5), a, pfx('203.0.113.0/24', 6)), micros=5))
# BGP4MP MESSAGE (AS2) with AS4_PATH and AS4_AGGREGATOR behind AS_TRANS
a = origin(0) + aspath([(2, [65001, 23456, 23456, 65070])], 2) + nh('192.0.2.1') + aggr(23456, '192.0.2.77', 2) \
    + as4path([(2, [4200000077, 4200000078, 65070])]) + as4aggr(4200000077, '192.0.2.77')
recs.append(rec(T + 5, 16, 1, bgp4mp_hdr(2, 65001, 65000, 1, '192.0.2.1', '192.0.2.254') + update(b'', a, pfx('198.51.100.0/24'))))
# BGP4MP MESSAGE (AS2): IPv4 multicast MP_REACH / MP_UNREACH
a = origin(0) + aspath([(2, [65001])], 2) + mpreach(1, 2, ip4('192.0.2.1'), [pfx('198.51.100.0/24')]) + mpunreach(1, 2, [pfx('203.0.113.0/24')])
recs.append(rec(T + 5, 16, 1, bgp4mp_hdr(2, 65001, 65000, 1, '192.0.2.1', '192.0.2.254') + update(b'', a, b'')))
# KEEPALIVE and OPEN: no line
recs.append(rec(T + 6, 16, 4, bgp4mp_hdr(4, 65001, 65000, 1, '192.0.2.1', '192.0.2.254') + bgpmsg(4, b'')))
recs.append(rec(T + 6, 16, 4, bgp4mp_hdr(4, 65001, 65000, 1, '192.0.2.1', '192.0.2.254') + bgpmsg(1, u8(4) + u16(23456) + u16(90) + ip4('192.0.2.1') + u8(0))))
# TABLE_DUMP v1, IPv6 with 4-octet AS (subtype 4): bgpdump writes the first 4 bytes of each address as IPv4
a = origin(0) + aspath([(2, [4200000001])], 4) + mpreach_abbrev(ip6('2001:db8::1'))
recs.append(rec(T + 7, 12, 4, u16(0) + u16(4) + ip6('2001:db8:100::') + u8(48) + u8(1) + u32(T - 100) + ip6('2001:db8::1') + u32(4200000001) + u16(len(a)) + a))
# BGP4MP MESSAGE_LOCAL (AS2) on an IPv6 session announcing IPv4 NLRI
a = origin(0) + aspath([(2, [65000])], 2) + nh('192.0.2.254')
recs.append(rec(T + 8, 16, 6, bgp4mp_hdr(2, 65001, 65000, 2, '2001:db8::1', '2001:db8::fe') + update(pfx('198.51.100.0/24'), a, pfx('203.0.113.0/24'))))
# STATE_CHANGE of 8 bytes (old Zebra bug) and one with a bad length (dropped)
recs.append(rec(T + 9, 16, 0, u16(65001) + u16(65000) + u16(3) + u16(4)))
recs.append(rec(T + 9, 16, 0, bgp4mp_hdr(2, 65001, 65000, 1, '192.0.2.1', '192.0.2.254') + u16(1) + u16(2) + u16(0)))
# A message whose marker is not all ones: dropped
bad = bytearray(update(b'', b'', pfx('203.0.113.0/24'))); bad[3] = 0
recs.append(rec(T + 10, 16, 4, bgp4mp_hdr(4, 65001, 65000, 1, '192.0.2.1', '192.0.2.254') + bytes(bad)))
data = b''.join(recs)
with gzip.open(out, 'wb') as f: f.write(data)
