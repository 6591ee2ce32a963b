package host

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"
)

// The guest's garbage is collected call after call: a host making many
// small calls, each with options of its own (a configure and a release
// each, which allocate), with bodies that change a little from call to
// call, keeps an instance's memory where it started. As a reactor, the
// collector's goroutines run only when a call yields; without that, a cycle
// once started waited unfinished and the heap grew until the instance ran
// out of memory.
func TestGuestCollects(t *testing.T) {
	if testing.Short() {
		t.Skip("makes 150,000 calls")
	}
	h := newTestHost(t, NewConfig().WithMaxInstances(1))
	var bodies [][]byte
	for _, b := range corpusBodies(t) {
		if len(b) < 64<<10 {
			bodies = append(bodies, b)
		}
	}
	seed := uint64(7)
	random := func(n int) int {
		seed = seed*6364136223846793005 + 1442695040888963407
		return int(seed>>33) % max(n, 1)
	}
	body := append([]byte(nil), bodies[0]...)
	var start uint32
	for i := range 150_000 {
		switch random(10) { // as a fuzzer mutates: restart, flip a byte, copy a run, cut one
		case 0:
			body = append(body[:0], bodies[random(len(bodies))]...)
		case 1, 2:
			if len(body) > 0 {
				body[random(len(body))] = byte(random(256))
			}
		case 3, 4:
			if len(body) > 0 && len(body) < 64<<10 {
				a := random(len(body))
				run := append([]byte(nil), body[a:a+random(len(body)-a)]...)
				at := random(len(body))
				body = append(body[:at], append(run, body[at:]...)...)
			}
		case 5:
			if len(body) > 1 {
				a := random(len(body))
				body = append(body[:a], body[a+random(len(body)-a):]...)
			}
		}
		options := fmt.Sprintf(`{"strict":%t,"max_depth":%d}`, random(2) == 0, random(256))
		_, err := h.Check(context.Background(), body, []byte(options))
		require.NoError(t, err, "call %d", i)
		if i == 1000 {
			start = memorySizes(h)[0]
		}
	}
	end := memorySizes(h)[0]
	t.Logf("instance memory after 1,000 calls %d MiB, after 150,000 %d MiB", start>>20, end>>20)
	require.LessOrEqual(t, end, start+memoryGrowthBound, "the guest's heap grew")
}
