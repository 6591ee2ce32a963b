package core

import (
	"errors"
	"math"
	"math/big"
	"math/bits"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// Money in the catalog is decimal.Decimal: the loader parses every figure
// with it and derives yearly figures and break-even months with it. Pricing
// one order then multiplies a prepared figure by a whole number (units x
// periods) and rounds once: done with decimal.Decimal that allocates for
// every amount and costs more than the whole pricing budget (RATIONALE.md,
// "Pricing", has the figures). So the loader hands each figure over as a
// figure, an exact scaled integer, and the multiplication and the rounding
// are done on integers: exact, no float, and equal to what decimal.Decimal
// computes (estimate_test.go checks every amount against it).

// figureScale is the number of decimals every figure carries. Catalog prices
// have at most maxPriceDecimals decimals and months_per_year at most 2, so a
// figure derived by one multiplication is still exact at this scale.
const figureScale = 8

// figure is an exact, non-negative amount of money: coef x 10^-figureScale.
// The loader's bounds (prices below 10^9, months_per_year at most 12) keep
// coef below 1.2e18, so it fits a uint64.
type figure uint64

// newFigure converts a validated, non-negative catalog decimal with at most
// figureScale decimals. ok is false when it does not fit, which the loader's
// bounds rule out.
func newFigure(d decimal.Decimal) (f figure, ok bool) {
	if d.Sign() < 0 || d.Exponent() < -figureScale {
		return 0, false
	}
	b := d.Shift(figureScale).BigInt()
	if !b.IsUint64() {
		return 0, false
	}
	return figure(b.Uint64()), true
}

// tenTo holds 10^0 .. 10^figureScale.
var tenTo = [...]uint64{1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8}

// times returns f x k / div rounded half away from zero to places decimals
// (2 for amounts, 4 for the hourly display). The division is done last, on
// the exact product, so a month bought by the hour never drifts from the
// month: 33.335 x 730 / 730 is 33.335, which rounds to 33.34. ok is false
// when the result would not fit a uint64 or div is 0 (neither happens for a
// catalog the loader accepted and an order of at most 200 units and 36
// months).
func (f figure) times(k, div uint64, places int) (m Money, ok bool) {
	if div == 0 || places < 0 || places > figureScale {
		return Money{}, false
	}
	hi, lo := bits.Mul64(uint64(f), k)
	d := div * tenTo[figureScale-places] // div is at most 744, so this fits
	if hi >= d {
		return Money{}, false
	}
	q, r := bits.Div64(hi, lo, d)
	if r >= d-r { // r >= d/2, without overflow: half away from zero
		if q == math.MaxUint64 {
			return Money{}, false
		}
		q++
	}
	return Money{n: q, places: uint8(places)}, true
}

// Money is an exact, non-negative amount as an estimate shows it: a
// decimal string with a fixed number of decimals, such as "3960.00" (an
// amount), "0.4521" (an hourly figure) or "33.335" (a unit price). Its JSON
// form is that string. The zero value is no amount: an estimate leaves it
// out.
type Money struct {
	n      uint64 // the amount in units of 10^-places
	places uint8  // 0 to figureScale
}

// String returns the amount as written in JSON, without quotes: "3960.00".
func (m Money) String() string { return string(appendFixed(nil, m.n, int(m.places))) }

// Decimal returns the amount as a decimal.Decimal.
func (m Money) Decimal() decimal.Decimal {
	return decimal.NewFromBigInt(new(big.Int).SetUint64(m.n), -int32(m.places))
}

// MarshalJSON returns the amount as a JSON string.
func (m Money) MarshalJSON() ([]byte, error) { return m.appendJSON(nil), nil }

// UnmarshalJSON reads a JSON string of digits with an optional "." and at
// most 8 decimals, keeping the number of decimals as written.
func (m *Money) UnmarshalJSON(data []byte) error {
	s := string(data)
	if len(s) < 2 || s[0] != '"' || s[len(s)-1] != '"' {
		return errors.New("money: not a JSON string")
	}
	s = s[1 : len(s)-1]
	whole, frac, _ := strings.Cut(s, ".")
	if decimalProblem(s, 19, figureScale) != "" {
		return errors.New("money: " + strconv.Quote(clipText(s)) + " is not an amount")
	}
	n, err := strconv.ParseUint(whole+frac, 10, 64)
	if err != nil {
		return errors.New("money: " + strconv.Quote(clipText(s)) + " is out of range")
	}
	*m = Money{n: n, places: uint8(len(frac))}
	return nil
}

func (m Money) appendJSON(dst []byte) []byte {
	return append(appendFixed(append(dst, '"'), m.n, int(m.places)), '"')
}

// appendFixed appends n x 10^-places with exactly places decimals: 396000,
// 2 -> "3960.00". (Digits are written from the right into a small buffer:
// it runs for every amount of every estimate.)
func appendFixed(dst []byte, n uint64, places int) []byte {
	var buf [24]byte // 20 digits of a uint64, the point, and room to spare
	i := len(buf)
	for range places {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	if places > 0 {
		i--
		buf[i] = '.'
	}
	for {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	return append(dst, buf[i:]...)
}

// exact returns f as Money with at least 2 decimals and no trailing zero
// beyond them: 165 -> "165.00", 33.335 -> "33.335".
func (f figure) exact() Money {
	n, places := uint64(f), figureScale
	for places > 2 && n%10 == 0 {
		n /= 10
		places--
	}
	return Money{n: n, places: uint8(places)}
}
