//! Go package `cri` (being typed).
