//! Who the client is, by address, for limits on public routes. Behind an ingress
//! every request comes from the proxy, so its `X-Forwarded-For` (or RFC 7239
//! `Forwarded`) is believed — but only from the proxies named in
//! `MODAL_TRUSTED_PROXIES`, or any client could pick its own address.

use actix_web::dev::Payload;
use actix_web::http::header::HeaderMap;
use actix_web::{web, FromRequest, HttpRequest};
use ipnet::IpNet;
use std::convert::Infallible;
use std::future::{ready, Ready};
use std::net::{IpAddr, Ipv4Addr};

/// The networks whose forwarding headers are believed (`MODAL_TRUSTED_PROXIES`:
/// CIDRs or addresses, separated by commas).
#[derive(Clone, Debug, Default)]
pub struct TrustedProxies(pub Vec<IpNet>);

impl TrustedProxies {
    pub fn parse(list: &str) -> Result<TrustedProxies, String> {
        let mut nets = Vec::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let net = item
                .parse::<IpNet>()
                .or_else(|_| item.parse::<IpAddr>().map(IpNet::from))
                .map_err(|_| format!("MODAL_TRUSTED_PROXIES: {item:?} is not an address or a CIDR"))?;
            nets.push(net);
        }
        Ok(TrustedProxies(nets))
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address: the peer's, unless the peer is a trusted proxy; then
    /// the nearest address in the forwarding chain that is not a trusted proxy
    /// (read from the right: the left part of the chain is what the client said).
    pub fn client_of(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let chain = forwarded_chain(headers);
        let mut client = peer;
        for hop in chain.iter().rev() {
            match hop {
                Some(ip) => {
                    client = *ip;
                    if !self.trusts(*ip) {
                        break;
                    }
                }
                None => break, // unreadable or hidden ("unknown"): stop at the last known hop
            }
        }
        client
    }
}

/// The addresses a request went through, client first: from `Forwarded` if
/// present, else from `X-Forwarded-For`.
fn forwarded_chain(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    let forwarded: Vec<&str> = headers.get_all("forwarded").filter_map(|v| v.to_str().ok()).collect();
    if !forwarded.is_empty() {
        return forwarded
            .iter()
            .flat_map(|v| v.split(','))
            .filter_map(|element| {
                element.split(';').find_map(|pair| {
                    let (k, v) = pair.trim().split_once('=')?;
                    k.eq_ignore_ascii_case("for").then(|| parse_node(v))
                })
            })
            .collect();
    }
    headers
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(parse_node)
        .collect()
}

/// `192.0.2.1`, `"192.0.2.1:4711"`, `"[2001:db8::1]:4711"` or `2001:db8::1`.
fn parse_node(node: &str) -> Option<IpAddr> {
    let node = node.trim().trim_matches('"');
    if let Some(v6) = node.strip_prefix('[') {
        return v6.split(']').next()?.parse().ok();
    }
    node.parse().ok().or_else(|| node.rsplit_once(':').and_then(|(ip, _)| ip.parse().ok()))
}

/// The client's address as [`TrustedProxies::client_of`] judges it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClientIp(pub IpAddr);

impl FromRequest for ClientIp {
    type Error = Infallible;
    type Future = Ready<Result<ClientIp, Infallible>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let peer = req.peer_addr().map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |a| a.ip());
        let ip = match req.app_data::<web::Data<TrustedProxies>>() {
            Some(trusted) => trusted.client_of(peer, req.headers()),
            None => peer,
        };
        ready(Ok(ClientIp(ip)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::http::header::{HeaderName, HeaderValue};

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        h
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn forwarding_headers_are_believed_from_trusted_proxies_only() {
        let trusted = TrustedProxies::parse("10.0.0.0/8, 127.0.0.1").unwrap();
        let h = headers(&[("x-forwarded-for", "198.51.100.7, 10.1.2.3")]);
        assert_eq!(trusted.client_of(ip("127.0.0.1"), &h), ip("198.51.100.7"));
        assert_eq!(trusted.client_of(ip("203.0.113.9"), &h), ip("203.0.113.9"), "an untrusted peer is the client");
        assert_eq!(TrustedProxies::default().client_of(ip("127.0.0.1"), &h), ip("127.0.0.1"));
    }

    #[test]
    fn a_client_cannot_hide_behind_an_address_it_wrote_itself() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        // The client sent "1.2.3.4" itself; the proxy appended the address it saw.
        let h = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7")]);
        assert_eq!(trusted.client_of(ip("10.0.0.1"), &h), ip("198.51.100.7"));
    }

    #[test]
    fn rfc_7239_forwarded_is_read_with_ports_and_ipv6() {
        let trusted = TrustedProxies::parse("10.0.0.0/8").unwrap();
        let h = headers(&[("forwarded", "for=\"[2001:db8::1]:4711\";proto=https, for=10.0.0.2")]);
        assert_eq!(trusted.client_of(ip("10.0.0.1"), &h), ip("2001:db8::1"));
        let h = headers(&[("forwarded", "for=192.0.2.60:8080")]);
        assert_eq!(trusted.client_of(ip("10.0.0.1"), &h), ip("192.0.2.60"));
        assert!(TrustedProxies::parse("not-a-network").is_err());
    }
}
