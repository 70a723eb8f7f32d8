/**
 * The web layer shared by the features: RFC 9457 problem details for every client error.
 */
@NullMarked
package dev.longhaul.web;

import org.jspecify.annotations.NullMarked;
