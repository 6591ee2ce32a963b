package main

// TEMPORARY: the CLI's main is the lead's (examples/cli/main.go); this stub
// only lets estimate.go build until it lands.
func main() {}
