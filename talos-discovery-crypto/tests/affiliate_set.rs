//! Watch-message merging rules of the Talos discovery client.

use talos_discovery_crypto::payload::{Affiliate, Endpoint};
use talos_discovery_crypto::service::{self, WatchResponse};
use talos_discovery_crypto::{AffiliateSet, ClusterKey, EndpointError, OpenError, Skipped};

fn key() -> ClusterKey {
    ClusterKey::from_bytes(&[0x42; 32]).unwrap()
}

fn payload(id: &str, hostname: &str) -> Affiliate {
    Affiliate {
        node_id: id.into(),
        hostname: hostname.into(),
        ..Affiliate::default()
    }
}

fn endpoint(address: &str) -> Endpoint {
    Endpoint::from_socket_addr(address.parse().unwrap())
}

fn entry(id: &str, hostname: &str, endpoints: &[&str]) -> service::Affiliate {
    service::Affiliate {
        id: id.into(),
        data: key().seal(&payload(id, hostname)).unwrap(),
        endpoints: endpoints
            .iter()
            .map(|address| key().encrypt_endpoint(&endpoint(address)).unwrap())
            .collect(),
    }
}

fn message(affiliates: Vec<service::Affiliate>) -> WatchResponse {
    WatchResponse {
        affiliates,
        deleted: false,
    }
}

fn hostnames(set: &AffiliateSet) -> Vec<(String, String)> {
    set.iter()
        .map(|(id, member)| (id.to_owned(), member.affiliate.hostname.clone()))
        .collect()
}

#[test]
fn snapshot_replaces_and_own_id_is_ignored() {
    let mut set = AffiliateSet::new("me");
    set.apply_snapshot(
        &key(),
        &message(vec![entry("a", "a1", &[]), entry("me", "self", &[])]),
    );
    assert_eq!(hostnames(&set), [("a".into(), "a1".into())]);
    set.apply_change(&key(), &message(vec![entry("b", "b1", &[])]));
    assert_eq!(set.len(), 2);
    set.apply_snapshot(&key(), &message(vec![entry("c", "c1", &[])]));
    assert_eq!(hostnames(&set), [("c".into(), "c1".into())]);
    set.apply_snapshot(&key(), &message(vec![]));
    assert!(set.is_empty());
}

#[test]
fn deleted_removes_but_not_own() {
    let mut set = AffiliateSet::new("me");
    set.apply_snapshot(
        &key(),
        &message(vec![entry("a", "a1", &[]), entry("b", "b1", &[])]),
    );
    let deletion = WatchResponse {
        affiliates: vec![service::Affiliate {
            id: "a".into(),
            ..service::Affiliate::default()
        }],
        deleted: true,
    };
    set.apply_change(&key(), &deletion);
    assert_eq!(hostnames(&set), [("b".into(), "b1".into())]);
    // Deleting an unknown ID is harmless.
    set.apply_change(&key(), &deletion);
    assert_eq!(set.len(), 1);
}

#[test]
fn empty_data_is_ignored_and_keeps_the_old_copy() {
    let mut set = AffiliateSet::new("me");
    set.apply_snapshot(
        &key(),
        &message(vec![entry("a", "a1", &["10.0.0.1:51820"])]),
    );
    let endpoints_only = service::Affiliate {
        data: vec![],
        ..entry("a", "ignored", &["10.0.0.9:51820"])
    };
    let skipped = set.apply_change(&key(), &message(vec![endpoints_only.clone()]));
    assert!(skipped.is_empty());
    let member = set.get("a").unwrap();
    assert_eq!(member.affiliate.hostname, "a1");
    assert_eq!(member.endpoints, [endpoint("10.0.0.1:51820")]);
    // Not even added when unknown.
    let mut fresh = AffiliateSet::new("me");
    fresh.apply_snapshot(&key(), &message(vec![endpoints_only]));
    assert!(fresh.is_empty());
}

#[test]
fn undecryptable_data_keeps_the_older_copy() {
    let mut set = AffiliateSet::new("me");
    set.apply_snapshot(&key(), &message(vec![entry("a", "a1", &[])]));
    let other_key = ClusterKey::from_bytes(&[0x43; 32]).unwrap();
    let foreign = service::Affiliate {
        id: "a".into(),
        data: other_key.seal(&payload("a", "evil")).unwrap(),
        endpoints: vec![],
    };
    let truncated = service::Affiliate {
        id: "b".into(),
        data: vec![1, 2, 3],
        endpoints: vec![],
    };
    let skipped = set.apply_change(&key(), &message(vec![foreign, truncated]));
    assert_eq!(
        skipped,
        [
            Skipped::Data {
                affiliate_id: "a".into(),
                error: OpenError::Authentication
            },
            Skipped::Data {
                affiliate_id: "b".into(),
                error: OpenError::TooShort { len: 3 }
            },
        ]
    );
    assert_eq!(hostnames(&set), [("a".into(), "a1".into())]);
}

#[test]
fn update_replaces_member_and_keeps_good_endpoints() {
    let mut set = AffiliateSet::new("me");
    set.apply_snapshot(
        &key(),
        &message(vec![entry("a", "a1", &["10.0.0.1:51820"])]),
    );
    let mut update = entry("a", "a2", &["10.0.0.2:51820", "[2001:db8::1]:51820"]);
    update.endpoints.insert(1, vec![0; 15]);
    update.endpoints.push(vec![]);
    let skipped = set.apply_change(&key(), &message(vec![update]));
    assert_eq!(
        skipped,
        [
            Skipped::Endpoint {
                affiliate_id: "a".into(),
                index: 1,
                error: EndpointError::NotBlockAligned { len: 15 }
            },
            Skipped::Endpoint {
                affiliate_id: "a".into(),
                index: 3,
                error: EndpointError::Empty
            },
        ]
    );
    let member = set.get("a").unwrap();
    assert_eq!(member.affiliate.hostname, "a2");
    assert_eq!(
        member.endpoints,
        [endpoint("10.0.0.2:51820"), endpoint("[2001:db8::1]:51820")]
    );
    assert_eq!(set.own_affiliate_id(), "me");
}
