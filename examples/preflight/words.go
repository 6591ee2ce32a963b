package main

import "strconv"

// words are the report's own texts in one language; the problems' messages,
// an estimate's basis and its reason come from the core, already in it.
type words struct {
	valid, invalid      string
	verdict             func(name, verdict string, errors, warnings int) string
	change              func(api, at string) string // the request, when not create, and its change time
	current             func(name string) string    // the current instance's file
	noCurrent           string
	errors, warnings    string
	defaults            string
	body                string // where a problem of the whole body is
	stdin               string // the name of standard input
	estimate            func(currency, mode, period string) string
	notPriced           string
	header              [6]string // item, quantity, unit price, periods, amount, basis
	prorated            string    // the periods of a line priced by the time left
	below               string    // the basis cell of a line whose basis is written below the table
	basisOf             func(item string) string
	total               string
	hourly              func(amount, currency string) string
	alternatives        func(span string) string
	covers              func(months string) string
	cheapest, thisOrder string
	yearBeatsMonth      func(months string) string
	prices              func(name, effective, source string) string
	count               func(n int, unit string) string
}

// wordsFor returns the words of lang ("en" or "zh").
func wordsFor(lang string) *words {
	if lang == "zh" {
		return &chinese
	}
	return &english
}

var english = words{
	valid: "VALID", invalid: "INVALID",
	verdict: func(name, verdict string, errors, warnings int) string {
		return name + ": " + verdict + " (" + countEnglish(errors, "error") + ", " + countEnglish(warnings, "warning") + ")"
	},
	change:    func(api, at string) string { return "Request: " + api + ", at " + at },
	current:   func(name string) string { return "Current instance: " + name },
	noCurrent: "not given (--current)",
	errors:    "Errors", warnings: "Warnings", defaults: "Defaults the platform fills",
	body: "(body)", stdin: "standard input",
	estimate: func(currency, mode, period string) string {
		s := "Estimate (" + currency
		if mode != "" { // a resize of an instance whose charge mode is not known
			s += ", " + mode
		}
		if period != "" {
			s += ", " + period
		}
		return s + ")"
	},
	notPriced:    "not priced: ",
	header:       [6]string{"ITEM", "QUANTITY", "UNIT PRICE", "PERIODS", "AMOUNT", "BASIS"},
	prorated:     "prorated",
	below:        "below",
	basisOf:      func(item string) string { return "Basis of " + item + ":" },
	total:        "Total",
	hourly:       func(amount, currency string) string { return "(" + amount + " " + currency + " an hour)" },
	alternatives: func(span string) string { return "Alternatives for the same " + span + ":" },
	covers:       func(months string) string { return "covers " + months },
	cheapest:     "cheapest", thisOrder: " (this order)",
	yearBeatsMonth: func(months string) string { return "A year costs less than paying monthly from " + months + " on." },
	prices: func(name, effective, source string) string {
		s := "Prices: the price catalog"
		if name != "" {
			s = "Prices: catalog " + strconv.Quote(name)
		}
		if effective != "" {
			s += " of " + effective
		}
		if source != "" {
			s += ", " + source
		}
		return s
	},
	count: countEnglish,
}

var chinese = words{
	valid: "有效", invalid: "无效",
	verdict: func(name, verdict string, errors, warnings int) string {
		return name + "：" + verdict + "（" + strconv.Itoa(errors) + " 个错误，" + strconv.Itoa(warnings) + " 个警告）"
	},
	change:    func(api, at string) string { return "请求：" + api + "，变更时间 " + at },
	current:   func(name string) string { return "当前实例：" + name },
	noCurrent: "未提供（--current）",
	errors:    "错误", warnings: "警告", defaults: "平台将填入的默认值",
	body: "（请求体）", stdin: "标准输入",
	estimate: func(currency, mode, period string) string {
		s := "估价（" + currency
		if mode != "" {
			s += "，" + mode
		}
		if period != "" {
			s += "，" + period
		}
		return s + "）"
	},
	notPriced:    "未定价：",
	header:       [6]string{"项目", "数量", "单价", "周期数", "金额", "计算依据"},
	prorated:     "按剩余时间",
	below:        "见下",
	basisOf:      func(item string) string { return item + " 的计算依据：" },
	total:        "合计",
	hourly:       func(amount, currency string) string { return "（每小时 " + amount + " " + currency + "）" },
	alternatives: func(span string) string { return "同样 " + span + "的其他付费方式：" },
	covers:       func(months string) string { return "覆盖 " + months },
	cheapest:     "最便宜", thisOrder: "（本订单）",
	yearBeatsMonth: func(months string) string {
		return "购买 " + months + "及以上时，按年付费比按月付费便宜。"
	},
	prices: func(name, effective, source string) string {
		s := "价格：价格表"
		if name != "" {
			s += " " + strconv.Quote(name)
		}
		if effective != "" {
			s += "，" + effective + " 生效"
		}
		if source != "" {
			s += "，来源 " + source
		}
		return s
	},
	count: func(n int, unit string) string {
		measure := map[string]string{"unit": " 个单位", "month": " 个月", "year": " 年", "hour": " 小时"}[unit]
		if measure == "" {
			measure = " " + unit
		}
		return strconv.Itoa(n) + measure
	},
}

// countEnglish writes n and the noun, plural when n is not 1: "3 months".
func countEnglish(n int, noun string) string {
	s := strconv.Itoa(n) + " " + noun
	if n != 1 {
		s += "s"
	}
	return s
}

// perName is the unit a price is per, in the words' language: "year", "年".
func (w *words) perName(per string) string {
	if w == &chinese {
		if s, ok := map[string]string{"month": "月", "year": "年", "hour": "小时"}[per]; ok {
			return s
		}
	}
	return per
}
