/** The Spark side of the connector contract: readers and writers built on Spark's Dataset API. */
package io.sluice.spi.spark;
