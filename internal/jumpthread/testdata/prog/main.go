// Command prog exercises what the Go compiler lays out with jumps between
// basic blocks (loops, switches, early returns, panics and recovery, defers,
// goroutines that park and resume through the dispatch loop) and prints
// what it computed. The jumpthread test runs it natively, as the go
// command's module and as the threaded one: all three must print the same.
package main

import (
	"errors"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
)

func collatz(n int) (steps int) {
	for n != 1 {
		if n%2 == 0 {
			n /= 2
		} else {
			n = 3*n + 1
		}
		steps++
	}
	return steps
}

func classify(r rune) string {
	switch {
	case r >= '0' && r <= '9':
		return "digit"
	case r == '_' || r == '-':
		return "mark"
	case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z':
		return "letter"
	case r < 0x80:
		return "ascii"
	}
	return "other"
}

func divide(a, b int) (q int, err error) {
	defer func() {
		if v := recover(); v != nil {
			err = fmt.Errorf("recovered: %v", v)
		}
	}()
	return a / b, nil
}

func primes(limit int) []int {
	sieve := make([]bool, limit+1)
	var out []int
	for i := 2; i <= limit; i++ {
		if sieve[i] {
			continue
		}
		out = append(out, i)
		for j := i * i; j <= limit; j += i {
			sieve[j] = true
		}
	}
	return out
}

// pipeline passes numbers through goroutines: each receive and send parks
// a goroutine, and the scheduler resumes it mid-function.
func pipeline(n int) int {
	src := make(chan int)
	sq := make(chan int)
	done := make(chan int)
	go func() {
		for i := 1; i <= n; i++ {
			src <- i
		}
		close(src)
	}()
	go func() {
		for v := range src {
			sq <- v * v
		}
		close(sq)
	}()
	go func() {
		sum := 0
		for v := range sq {
			sum += v
		}
		done <- sum
	}()
	return <-done
}

var errOdd = errors.New("odd")

func parse(fields []string) (total int, err error) {
	for _, f := range fields {
		v, err := strconv.Atoi(f)
		switch {
		case err != nil:
			return total, err
		case v%2 != 0:
			return total, fmt.Errorf("%d: %w", v, errOdd)
		}
		total += v
	}
	return total, nil
}

func main() {
	var b strings.Builder
	for _, n := range []int{1, 7, 27, 97, 871} {
		fmt.Fprintf(&b, "collatz(%d)=%d\n", n, collatz(n))
	}
	counts := map[string]int{}
	for _, r := range "iotda-preflight_2026 检查 ✓ {}" {
		counts[classify(r)]++
	}
	keys := make([]string, 0, len(counts))
	for k := range counts {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		fmt.Fprintf(&b, "%s=%d ", k, counts[k])
	}
	b.WriteByte('\n')
	for _, d := range []int{3, 0, -2} {
		q, err := divide(42, d)
		fmt.Fprintf(&b, "42/%d=%d err=%v\n", d, q, err)
	}
	p := primes(200)
	fmt.Fprintf(&b, "primes: %d, last %d\n", len(p), p[len(p)-1])
	fmt.Fprintf(&b, "pipeline: %d\n", pipeline(300))
	for _, in := range []string{"2 4 6", "2 x 6", "2 3 6"} {
		total, err := parse(strings.Fields(in))
		fmt.Fprintf(&b, "parse(%q)=%d %v odd=%v\n", in, total, err, errors.Is(err, errOdd))
	}
	os.Stdout.WriteString(b.String())
}
