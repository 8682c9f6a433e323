//! Where the dev server listens: `--bind` as people write it, and whether
//! that opens the preview (drafts included) to other machines.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, UdpSocket};

/// The address `bind` names: an IP address, IPv6 with or without its
/// brackets (`::1`, `[::1]`), or `localhost`. `None` for anything else:
/// other host names could resolve anywhere, and a preview bound where the
/// user did not mean is worse than a clear refusal.
pub fn address(bind: &str) -> Option<IpAddr> {
    let bind = bind.trim();
    if bind.eq_ignore_ascii_case("localhost") || bind.eq_ignore_ascii_case("localhost.") {
        return Some(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    let bare = bind
        .strip_prefix('[')
        .and_then(|b| b.strip_suffix(']'))
        .unwrap_or(bind);
    bare.parse().ok()
}

/// `--bind` checked as the command line is read, so that a bad address is
/// a usage error (exit 2) like any bad flag value.
pub fn valid_bind(bind: &str) -> Result<String, String> {
    address(bind).map(|_| bind.to_string()).ok_or_else(|| {
        "not an IP address to bind: use 127.0.0.1, ::1 or localhost (this machine only), \
         or 0.0.0.0 to open the preview to the network"
            .to_string()
    })
}

/// Whether serving on `ip` lets other machines open the preview: anything
/// but a loopback address (`127.0.0.0/8`, `::1`, and `::ffff:127.0.0.1`,
/// the IPv4 one written as IPv6). `0.0.0.0` and `::` are every interface.
pub fn reachable_from_network(ip: IpAddr) -> bool {
    !ip.to_canonical().is_loopback()
}

/// The address other machines reach the preview at, for its links and
/// the URL the server prints: `ip` itself, unless it is every interface
/// (`0.0.0.0`, `::`), which no browser can open. Then this machine's
/// address on its default route, found by connecting a UDP socket (which
/// sends nothing) towards a documentation address; loopback when there is
/// no route.
pub fn reachable_address(ip: IpAddr) -> IpAddr {
    if !ip.is_unspecified() {
        return ip;
    }
    let towards = |target: SocketAddr, local: IpAddr| {
        let socket = UdpSocket::bind(SocketAddr::new(local, 0)).ok()?;
        socket.connect(target).ok()?;
        Some(socket.local_addr().ok()?.ip()).filter(|ip| !ip.is_unspecified())
    };
    let v4 = || {
        towards(
            SocketAddr::new(IpAddr::V4(Ipv4Addr::new(192, 0, 2, 1)), 9),
            IpAddr::V4(Ipv4Addr::UNSPECIFIED),
        )
    };
    let v6 = || {
        towards(
            SocketAddr::new(
                IpAddr::V6(Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1)),
                9,
            ),
            IpAddr::V6(Ipv6Addr::UNSPECIFIED),
        )
    };
    let found = match ip {
        IpAddr::V4(_) => v4(),
        // A `::` socket takes IPv4 too, where the system allows it.
        IpAddr::V6(_) => v6().or_else(v4),
    };
    found.unwrap_or(match ip {
        IpAddr::V4(_) => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(_) => IpAddr::V6(Ipv6Addr::LOCALHOST),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_forms_keep_the_preview_here() {
        for local in [
            "127.0.0.1",
            "127.0.0.2",
            "localhost",
            "LOCALHOST",
            "::1",
            "[::1]",
            "::ffff:127.0.0.1",
        ] {
            let ip = address(local).unwrap_or_else(|| panic!("{local}"));
            assert!(!reachable_from_network(ip), "{local}");
        }
        for open in ["0.0.0.0", "::", "[::]", "192.168.1.20", "fe80::1"] {
            let ip = address(open).unwrap_or_else(|| panic!("{open}"));
            assert!(reachable_from_network(ip), "{open}");
        }
        for bad in ["example.com", "127.0.0.1:80", "[::1", "", "1.2.3"] {
            assert_eq!(address(bad), None, "{bad}");
        }
    }

    #[test]
    fn every_interface_is_reached_at_an_address_a_browser_can_open() {
        for every in ["0.0.0.0", "::"] {
            let ip = reachable_address(address(every).unwrap());
            assert!(!ip.is_unspecified(), "{every} -> {ip}");
        }
        let given = address("192.168.1.20").unwrap();
        assert_eq!(reachable_address(given), given);
    }
}
