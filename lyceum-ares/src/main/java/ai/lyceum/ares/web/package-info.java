/** The curation web UI: a Javalin server with a JSON API and plain HTML/JS/CSS resources under {@code /ares-web}. */
package ai.lyceum.ares.web;
