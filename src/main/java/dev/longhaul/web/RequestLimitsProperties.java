package dev.longhaul.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Request body limits, {@code longhaul.web.*}: every body but a dataset upload's is
 * counted as it is read and refused with 413 once over its limit (dataset uploads have
 * {@code longhaul.processing.max-upload-size}, and only an operator gets past the small
 * limit).
 *
 * @param maxJsonSize the largest JSON body ({@code application/json} and every
 * {@code +json} type); Jackson's document and string length limits for request bodies
 * follow it
 * @param maxBodySize the largest body of any other type: forms (the login form included),
 * text, and a dataset upload until its caller is known to be an operator
 */
@ConfigurationProperties("longhaul.web")
@Validated
public record RequestLimitsProperties(@DefaultValue("32MB") DataSize maxJsonSize,
		@DefaultValue("64KB") DataSize maxBodySize) {

}
