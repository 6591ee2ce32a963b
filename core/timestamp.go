package core

import "time"

// Times of the order changes (RULES.md, "The current instance"; DESIGN.md,
// "Resize and change of charge mode"): RFC 3339 with an offset, read by
// hand so that a check allocates nothing for them (time.Parse makes a zone
// for each offset it meets), and read on the platform's billing calendar.

// parseTimestamp reads an RFC 3339 date and time with an offset,
// YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM), and returns the instant
// it names, in UTC. A date or time that does not exist (February 30, hour
// 24, a leap second) is not one.
func parseTimestamp(t []byte) (time.Time, bool) {
	if len(t) < len("2006-01-02T15:04:05Z") {
		return time.Time{}, false
	}
	num := func(i, n int) int {
		v := 0
		for _, c := range t[i : i+n] {
			if c < '0' || c > '9' {
				return -1
			}
			v = v*10 + int(c-'0')
		}
		return v
	}
	year, month, day := num(0, 4), num(5, 2), num(8, 2)
	hour, minute, sec := num(11, 2), num(14, 2), num(17, 2)
	if t[4] != '-' || t[7] != '-' || t[10] != 'T' && t[10] != 't' || t[13] != ':' || t[16] != ':' ||
		year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, time.Month(month)) ||
		hour < 0 || hour > 23 || minute < 0 || minute > 59 || sec < 0 || sec > 59 {
		return time.Time{}, false
	}
	rest, nanos := t[19:], 0
	if len(rest) > 0 && rest[0] == '.' {
		i := 1
		for ; i < len(rest) && rest[i] >= '0' && rest[i] <= '9'; i++ {
			if i <= 9 {
				nanos = nanos*10 + int(rest[i]-'0')
			}
		}
		if i == 1 {
			return time.Time{}, false
		}
		for k := i; k <= 9; k++ {
			nanos *= 10
		}
		rest = rest[i:]
	}
	offset := 0
	switch {
	case len(rest) == 1 && (rest[0] == 'Z' || rest[0] == 'z'):
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		oh, om := int(rest[1]-'0')*10+int(rest[2]-'0'), int(rest[4]-'0')*10+int(rest[5]-'0')
		for _, c := range [4]byte{rest[1], rest[2], rest[4], rest[5]} {
			if c < '0' || c > '9' {
				return time.Time{}, false
			}
		}
		if oh > 23 || om > 59 {
			return time.Time{}, false
		}
		offset = (oh*60 + om) * 60
		if rest[0] == '-' {
			offset = -offset
		}
	default:
		return time.Time{}, false
	}
	at := time.Date(year, time.Month(month), day, hour, minute, sec, nanos, time.UTC)
	return at.Add(-time.Duration(offset) * time.Second), true
}

// billingOffset is the platform's calendar: UTC+08:00, whatever offset a
// time is written with (DESIGN.md).
const billingOffset = 8 * time.Hour

// billingDate is the date of t on the billing calendar.
func billingDate(t time.Time) (year int, month time.Month, day int) {
	return t.UTC().Add(billingOffset).Date()
}

// daysIn is the number of days of a month, February 29 in a leap year
// (by table: time.Date cost more than the rest of reading a time).
func daysIn(year int, month time.Month) int {
	if month == time.February && year%4 == 0 && (year%100 != 0 || year%400 == 0) {
		return 29
	}
	return int(monthDays[month])
}

var monthDays = [13]uint8{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
