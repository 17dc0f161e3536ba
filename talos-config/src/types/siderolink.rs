//! Go package `siderolink` (being typed).
