/** Typed configuration ({@code @ConfigMapping} interfaces) of the service. */
package io.crowsnest.alertnotification.config;
