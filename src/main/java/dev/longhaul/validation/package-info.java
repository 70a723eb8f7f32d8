/**
 * What a refused request broke: a value type shared by the features, which check their
 * input, and the web layer, which reports it in a problem detail. It depends on nothing,
 * so that a feature's rules need not depend on the web layer.
 */
@NullMarked
package dev.longhaul.validation;

import org.jspecify.annotations.NullMarked;
