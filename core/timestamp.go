package core

import "unsafe"

// Times of the order changes (RULES.md, "The current instance"; DESIGN.md,
// "Resize and change of charge mode"): RFC 3339 with an offset, read and
// written by hand, and read on the platform's billing calendar. The time
// package is not linked: a time.Time anywhere in the pooled state made the
// linker keep its whole formatting and zone machinery in the WebAssembly
// module (RATIONALE.md, "Resize and change of charge mode").

// instant is a moment: seconds since 1970-01-01T00:00:00Z, and nanoseconds.
type instant struct {
	sec  int64
	nsec int32
}

func (a instant) before(b instant) bool {
	return a.sec < b.sec || a.sec == b.sec && a.nsec < b.nsec
}

// parseTimestampString is parseTimestamp of a string, read in place.
func parseTimestampString(t string) (instant, bool) {
	return parseTimestamp(unsafe.Slice(unsafe.StringData(t), len(t)))
}

// parseTimestamp reads an RFC 3339 date and time with an offset,
// YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), and returns the instant
// it names. A date or time that does not exist (February 30, hour 24, a
// leap second) is not one; digits of a fraction past nanoseconds are cut.
func parseTimestamp(t []byte) (instant, bool) {
	if len(t) < len("2006-01-02T15:04:05Z") {
		return instant{}, false
	}
	year := two(t[0], t[1])*100 + two(t[2], t[3])
	if two(t[0], t[1]) < 0 || two(t[2], t[3]) < 0 {
		year = -1
	}
	month, day := two(t[5], t[6]), two(t[8], t[9])
	hour, minute, sec := two(t[11], t[12]), two(t[14], t[15]), two(t[17], t[18])
	if t[4] != '-' || t[7] != '-' || t[10] != 'T' && t[10] != 't' || t[13] != ':' || t[16] != ':' ||
		year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return instant{}, false
	}
	i, nanos := 19, 0
	if i < len(t) && t[i] == '.' {
		i++
		start := i
		for ; i < len(t) && t[i] >= '0' && t[i] <= '9'; i++ {
			if i-start < 9 {
				nanos = nanos*10 + int(t[i]-'0')
			}
		}
		if i == start {
			return instant{}, false
		}
		for k := i - start; k < 9; k++ {
			nanos *= 10
		}
	}
	offset := 0
	switch rest := len(t) - i; {
	case rest == 1 && (t[i] == 'Z' || t[i] == 'z'):
	case rest == 6 && (t[i] == '+' || t[i] == '-') && t[i+3] == ':':
		oh, om := two(t[i+1], t[i+2]), two(t[i+4], t[i+5])
		if oh < 0 || om < 0 || oh > 23 || om > 59 {
			return instant{}, false
		}
		offset = (oh*60 + om) * 60
		if t[i] == '-' {
			offset = -offset
		}
	default:
		return instant{}, false
	}
	s := daysFromCivil(year, month, day)*86400 + int64(hour*3600+minute*60+sec) - int64(offset)
	return instant{sec: s, nsec: int32(nanos)}, true
}

// two reads two decimal digits, or returns -1.
func two(a, b byte) int {
	if a < '0' || a > '9' || b < '0' || b > '9' {
		return -1
	}
	return int(a-'0')*10 + int(b-'0')
}

// billingOffset is the platform's calendar, in seconds east of UTC:
// UTC+08:00, whatever offset a time is written with (DESIGN.md).
const billingOffset = 8 * 3600

// billingDate is the date of a on the billing calendar.
func billingDate(a instant) (year, month, day int) {
	return civilFromDays(floorDiv(a.sec+billingOffset, 86400))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

// daysFromCivil is the number of days from 1970-01-01 to a date of the
// proleptic Gregorian calendar; civilFromDays its inverse. (The
// algorithms of Howard Hinnant's "chrono-compatible low-level date
// algorithms", in eras of 400 years.)
func daysFromCivil(y, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(int64(y), 400)
	yoe := int64(y) - era*400
	mp := int64((m + 9) % 12)
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

func civilFromDays(z int64) (y, m, d int) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int((mp+2)%12 + 1)
	y = int(yoe + era*400)
	if m <= 2 {
		y++
	}
	return y, m, d
}

// daysIn is the number of days of a month, February 29 in a leap year.
func daysIn(year, month int) int {
	if month == 2 && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		return 29
	}
	return int(monthDays[month])
}

var monthDays = [13]uint8{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}

// appendUTC writes a in UTC as RFC 3339, YYYY-MM-DDTHH:MM:SS[.fraction]Z,
// the fraction without trailing zeros.
func appendUTC(dst []byte, a instant) []byte {
	days := floorDiv(a.sec, 86400)
	y, m, d := civilFromDays(days)
	secs := int(a.sec - days*86400)
	dst = appendDate(dst, y, m, d)
	dst = appendFixedWidth(append(dst, 'T'), secs/3600, 2)
	dst = appendFixedWidth(append(dst, ':'), secs/60%60, 2)
	dst = appendFixedWidth(append(dst, ':'), secs%60, 2)
	if ns := int(a.nsec); ns > 0 {
		width := 9
		for ns%10 == 0 {
			ns /= 10
			width--
		}
		dst = appendFixedWidth(append(dst, '.'), ns, width)
	}
	return append(dst, 'Z')
}
