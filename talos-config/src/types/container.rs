//! Go package `container` (being typed).
