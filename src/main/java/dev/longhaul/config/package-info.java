/**
 * Application-wide configuration shared by the features.
 */
@NullMarked
package dev.longhaul.config;

import org.jspecify.annotations.NullMarked;
