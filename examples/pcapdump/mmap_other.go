//go:build !unix

package main

import "os"

// mapFile reads path into memory where memory mapping is not implemented.
func mapFile(path string) ([]byte, func(), error) {
	data, err := os.ReadFile(path)
	return data, func() {}, err
}
