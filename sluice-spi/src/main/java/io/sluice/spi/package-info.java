/**
 * The contract between Sluice and its connectors: options, factories, error codes. Connectors
 * depend on this module only (and on the engine API they read and write with).
 */
package io.sluice.spi;
