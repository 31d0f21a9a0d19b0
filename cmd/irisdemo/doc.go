// Irisdemo fits a logistic regression to two species of Fisher's iris data.
package main
