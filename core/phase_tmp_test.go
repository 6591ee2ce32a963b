package core

import "testing"

func BenchmarkPhaseRead(b *testing.B) {
	body := enterpriseExample(b)
	s := new(state)
	opts := Options{}
	for b.Loop() {
		s.reset(body, &opts)
		s.r.read()
	}
}

func BenchmarkPhaseCheck(b *testing.B) {
	body := enterpriseExample(b)
	s := new(state)
	opts := Options{}
	for b.Loop() {
		s.check(body, &opts)
	}
}

func BenchmarkPhaseRequest(b *testing.B) {
	body := enterpriseExample(b)
	s := new(state)
	opts := Options{}
	s.check(body, &opts)
	var dst []byte
	for b.Loop() {
		dst = append(dst[:0], s.req...)
	}
}
