"""Claim status category codes (STC01-1) and claim status codes (STC01-2), with plain words.

The code lists are those pyx12's X12 maps carry (category codes: 48; status codes: 759).
Descriptions are our own short wording for the codes a biller meets most; any other listed code
reads as "status code N", and a code not in the list is flagged as unknown.
"""

from __future__ import annotations

CATEGORY_CODES = frozenset(
    ["A0", "A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "D0", "E0", "E1", "E2", "E3", "E4", "F0", "F1", "F2", "F3", "F3F", "F3N", "F4", "F5", "P0", "P1", "P2", "P3", "P4", "P5", "R0", "R1", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12", "R13", "R14", "R15", "R16", "R17", "RQ", "X0"]
)
STATUS_CODES = frozenset(
    ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "35", "37", "38", "39", "40", "41", "42", "44", "45", "46", "47", "48", "49", "50", "51", "52", "53", "54", "55", "56", "57", "59", "60", "61", "64", "65", "66", "67", "68", "69", "70", "71", "72", "73", "78", "81", "83", "84", "85", "86", "87", "88", "89", "90", "91", "92", "93", "94", "95", "96", "97", "98", "99", "100", "101", "102", "103", "104", "105", "106", "107", "108", "109", "110", "111", "112", "113", "114", "115", "116", "117", "118", "119", "120", "121", "122", "123", "124", "125", "126", "127", "128", "129", "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "140", "141", "142", "143", "144", "145", "146", "147", "148", "149", "150", "152", "153", "154", "155", "156", "157", "158", "159", "160", "161", "162", "163", "164", "165", "166", "167", "168", "169", "170", "171", "172", "173", "174", "175", "176", "177", "178", "179", "180", "181", "182", "183", "184", "185", "186", "187", "188", "189", "190", "191", "192", "193", "194", "195", "196", "197", "198", "199", "200", "201", "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213", "214", "215", "216", "217", "218", "219", "220", "221", "222", "223", "224", "225", "226", "227", "228", "229", "230", "231", "232", "233", "234", "235", "236", "237", "238", "239", "240", "241", "242", "243", "244", "245", "246", "247", "248", "249", "250", "251", "252", "253", "254", "255", "256", "257", "258", "259", "260", "261", "262", "263", "264", "265", "266", "267", "268", "269", "270", "271", "272", "273", "274", "275", "276", "277", "278", "279", "280", "281", "282", "283", "284", "285", "286", "287", "288", "289", "290", "291", "292", "293", "294", "295", "296", "297", "298", "299", "300", "301", "302", "303", "304", "305", "306", "307", "308", "309", "310", "311", "312", "313", "314", "315", "316", "317", "318", "319", "320", "321", "322", "323", "324", "325", "326", "327", "328", "329", "330", "331", "332", "333", "334", "335", "336", "337", "338", "339", "340", "341", "342", "343", "344", "345", "346", "347", "348", "349", "350", "351", "352", "353", "354", "355", "356", "357", "358", "359", "360", "361", "362", "363", "364", "365", "366", "367", "368", "369", "370", "371", "372", "373", "374", "375", "376", "377", "378", "379", "380", "381", "382", "383", "384", "385", "386", "387", "388", "389", "390", "391", "392", "393", "394", "395", "396", "397", "398", "399", "400", "401", "402", "403", "404", "405", "406", "407", "408", "409", "410", "411", "412", "413", "414", "415", "416", "417", "418", "419", "420", "421", "422", "423", "424", "425", "426", "427", "428", "429", "430", "431", "432", "433", "434", "435", "436", "437", "438", "439", "440", "441", "442", "443", "444", "445", "446", "447", "448", "449", "450", "451", "452", "453", "454", "455", "456", "457", "458", "459", "460", "461", "462", "463", "464", "465", "466", "467", "468", "469", "470", "471", "472", "473", "474", "475", "476", "477", "478", "479", "480", "481", "482", "483", "484", "485", "486", "487", "488", "489", "490", "491", "492", "493", "494", "495", "496", "497", "498", "499", "500", "501", "502", "503", "504", "505", "506", "507", "508", "509", "510", "511", "512", "513", "514", "515", "516", "517", "518", "519", "520", "521", "522", "523", "524", "525", "526", "527", "528", "529", "530", "531", "532", "533", "534", "535", "536", "537", "538", "539", "540", "541", "542", "543", "544", "545", "546", "547", "548", "549", "550", "551", "552", "553", "554", "555", "556", "557", "558", "559", "560", "561", "562", "563", "564", "565", "566", "567", "568", "569", "570", "571", "572", "573", "574", "575", "576", "577", "578", "579", "580", "581", "582", "583", "584", "585", "586", "587", "588", "589", "590", "591", "592", "593", "594", "595", "596", "597", "598", "599", "600", "601", "602", "603", "604", "605", "606", "607", "608", "609", "610", "611", "612", "613", "614", "615", "616", "617", "618", "619", "620", "621", "622", "623", "624", "625", "626", "627", "628", "629", "630", "631", "632", "633", "634", "635", "636", "637", "638", "639", "640", "641", "642", "643", "644", "645", "646", "647", "648", "649", "650", "651", "652", "653", "654", "655", "656", "657", "658", "659", "660", "661", "662", "663", "664", "665", "666", "667", "668", "669", "670", "671", "672", "673", "674", "675", "676", "677", "678", "679", "680", "681", "682", "683", "684", "685", "686", "687", "688", "689", "690", "691", "692", "693", "694", "695", "696", "697", "698", "699", "700", "701", "702", "703", "704", "705", "706", "707", "708", "709", "710", "711", "712", "713", "714", "715", "716", "717", "718", "719", "720", "721", "722", "723", "724", "725", "726", "727", "728", "729", "730", "731", "732", "733", "734", "735", "736", "737", "738", "739", "740", "741", "742", "743", "744", "745", "746", "747", "748", "749", "750", "751", "752", "753", "754", "755", "756", "757", "758", "759", "760", "761", "762", "763", "764", "765", "766", "767", "768", "769", "770", "771"]
)
CATEGORY_WORDS = {
    "A0": "acknowledged: forwarded to another entity",
    "A1": "acknowledged: received",
    "A2": "acknowledged: accepted into the payer's system",
    "A3": "acknowledged: returned as unprocessable",
    "A4": "acknowledged: the payer has no record of the claim",
    "A5": "acknowledged: split by the payer",
    "A6": "acknowledged: rejected for missing information",
    "A7": "acknowledged: rejected for invalid information",
    "A8": "acknowledged: rejected for an error in related fields",
    "DR0": "data reporting: accepted",
    "E0": "the payer's response is not available: system problem",
    "E1": "the payer's response is not available: system unavailable",
    "E2": "the payer's response is not available: information holder not responding",
    "E3": "the payer's response is not available: correct and resend",
    "E4": "the payer's response is not available: ask later",
    "F0": "finalized: the claim has been processed",
    "F1": "finalized: paid",
    "F2": "finalized: denied",
    "F3": "finalized: revised (the adjudication changed)",
    "F3F": "finalized: revised, forwarded",
    "F3N": "finalized: revised, not forwarded",
    "F4": "finalized: adjudication complete, no payment forthcoming",
    "P0": "pending: adjudication or forwarding",
    "P1": "pending: in process",
    "P2": "pending: under payer review",
    "P3": "pending: more information requested",
    "P4": "pending: waiting for the patient to respond",
    "P5": "pending: payer administrative or system hold",
    "R0": "request for more information: general",
    "R1": "request for more information: entity's requests",
    "R3": "request for more information: claim or line",
    "R4": "request for more information: documentation",
    "R5": "request for more information: more specific detail",
}
STATUS_WORDS = {
    "0": "no further status can be given electronically",
    "1": "see the remittance advice for details",
    "2": "see the payer's letter for details",
    "3": "adjudicated; waiting for the payment cycle",
    "4": "the claim has been forwarded elsewhere",
    "15": "the claim's information is incomplete",
    "16": "the claim's information is invalid",
    "19": "received by the entity",
    "20": "accepted for processing",
    "21": "missing or invalid information",
    "33": "the subscriber and subscriber id were not found",
    "35": "the payer has no record of this claim",
    "41": "the claim will be processed in the next cycle",
    "65": "the claim or line has been paid",
    "88": "the member was not eligible on the date(s) of service",
    "96": "no agreement with the entity",
    "101": "the claim was processed against another payer's policy",
    "107": "processed according to the contract",
    "116": "submitted to the wrong payer",
    "562": "the entity's NPI is missing or invalid",
}


def category_words(code: str) -> str:
    if code in CATEGORY_WORDS:
        return CATEGORY_WORDS[code]
    return f"category {code}" if code in CATEGORY_CODES else f"unknown category code {code!r}"


def status_words(code: str) -> str:
    if code in STATUS_WORDS:
        return STATUS_WORDS[code]
    return f"status code {code}" if code in STATUS_CODES else f"unknown status code {code!r}"
