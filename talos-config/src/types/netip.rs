//! Go package `netip` (being typed).
