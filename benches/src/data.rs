//! Benchmark inputs, generated deterministically: Japanese business prose with sparse PII, a dense
//! customer roster (and the same roster in Shift_JIS, EUC-JP and UTF-16LE), a directory of many
//! mixed files, one large file, a JSON-lines log, and an endless generator for the streaming-memory measurement.

use std::io::Read;
use std::path::{Path, PathBuf};

/// A typical regex set a user would write for ripgrep (see `benches/README.md`).
pub const RIPGREP_PATTERNS: &[&str] = &[
    r"0\d{1,4}-\d{1,4}-\d{4}",
    r"0[789]0-?\d{4}-?\d{4}",
    r"\b\d{4}[ -]?\d{4}[ -]?\d{4}\b",
    r"〒?\d{3}-\d{4}",
    r"[\w.+-]+@[\w-]+\.[\w.-]+",
    r"\b(?:\d{4}[ -]?){3}\d{4}\b",
    r"(?:19|20)\d{2}[/-]\d{1,2}[/-]\d{1,2}",
    r"(?:東京都|北海道|(?:京都|大阪)府|\p{Han}{2,3}県)\p{Han}{1,6}[市区町村]",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.next() as usize % v.len()]
    }
    fn num(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const SENTENCES: &[&str] = &[
    "いつもお世話になっております。", "先日の打ち合わせの件でご連絡いたします。", "資料を添付いたしますので、ご確認ください。",
    "来週の会議は第3会議室で行います。", "2024年度の売上は前年比12％増となりました。", "新製品の発売は10月を予定しております。",
    "ご不明な点がございましたら、お気軽にお問い合わせください。", "本件につきましては、社内で検討のうえ改めてご回答いたします。",
    "納期は発注から約2週間です。", "お見積りの有効期限は30日です。", "当社の営業時間は平日9時から18時までです。",
    "今後ともよろしくお願い申し上げます。", "システムメンテナンスのため、11月5日はサービスを停止します。",
    "お客様各位", "弊社では個人情報の取り扱いに十分注意しております。", "価格は12,800円（税込）です。",
    "会員数は1,486,651名を突破しました。", "注文番号 2024-1108-0032 の商品を発送しました。", "ISBN 978-4-06-512345-4 の書籍を追加しました。",
    "東京本社と大阪支社の合同研修を実施します。", "担当部署までご連絡ください。", "議事録は共有フォルダに保存してあります。",
];
const SURNAMES: &[&str] = &["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田"];
const GIVEN: &[&str] = &["太郎", "花子", "一郎", "美咲", "健", "陽菜", "翔太", "結衣"];
const KANA_S: &[&str] = &["サトウ", "スズキ", "タカハシ", "タナカ", "イトウ", "ワタナベ", "ヤマモト", "ナカムラ", "コバヤシ", "カトウ", "ヨシダ", "ヤマダ"];
const KANA_G: &[&str] = &["タロウ", "ハナコ", "イチロウ", "ミサキ", "ケン", "ヒナ", "ショウタ", "ユイ"];
const PLACES: &[(&str, &str)] = &[("100-0001", "東京都千代田区千代田"), ("530-0001", "大阪府大阪市北区梅田"), ("231-0023", "神奈川県横浜市中区山下町"), ("900-0021", "沖縄県那覇市泉崎"), ("060-0001", "北海道札幌市中央区北一条西"), ("460-0008", "愛知県名古屋市中区栄")];

fn pii_line(r: &mut Rng) -> String {
    let (zip, place) = PLACES[r.num(PLACES.len() as u64) as usize];
    match r.num(5) {
        0 => format!("{}{}様　携帯：090-{:04}-{:04}", r.pick(SURNAMES), r.pick(GIVEN), r.num(10000), r.num(10000)),
        1 => format!("お届け先：〒{zip} {place}{}-{}-{}", 1 + r.num(9), 1 + r.num(20), 1 + r.num(30)),
        2 => format!("連絡先はtaro{}@example.co.jpまでお願いします。", r.num(1000)),
        3 => "マイナンバー：6214 9832 0257".to_string(),
        _ => format!("生年月日：19{:02}年{}月{}日", 50 + r.num(40), 1 + r.num(12), 1 + r.num(28)),
    }
}

/// Prose with roughly one PII value per 2 KB.
pub fn prose(bytes: usize, seed: u64) -> String {
    let mut r = Rng(seed);
    let mut s = String::with_capacity(bytes + 1024);
    let mut since = 0;
    while s.len() < bytes {
        let w = r.pick(SENTENCES);
        s.push_str(w);
        since += w.len();
        if r.num(6) == 0 {
            s.push('\n');
        }
        if since > 2000 {
            s.push_str(&pii_line(&mut r));
            s.push('\n');
            since = 0;
        }
    }
    s
}

/// A customer roster: name, kana, gender, birth date, postal code, address, phone, mobile, e-mail,
/// employer, income bracket.
pub fn roster(bytes: usize, seed: u64) -> String {
    let mut r = Rng(seed);
    let mut s = String::from("氏名,フリガナ,性別,生年月日,郵便番号,住所,電話番号,携帯電話,メール,勤務先,年収区分\n");
    let mut i = 0u64;
    while s.len() < bytes {
        let si = r.num(SURNAMES.len() as u64) as usize;
        let gi = r.num(GIVEN.len() as u64) as usize;
        let (zip, place) = PLACES[r.num(PLACES.len() as u64) as usize];
        s.push_str(&format!(
            "{}{},{} {},{},19{:02}/{:02}/{:02},{zip},{place}{}-{}-{},03-{:04}-{:04},080-{:04}-{:04},user{i}@example.jp,株式会社サンプル,{}00万円台\n",
            SURNAMES[si], GIVEN[gi], KANA_S[si], KANA_G[gi],
            if i.is_multiple_of(2) { "男" } else { "女" },
            50 + r.num(40), 1 + r.num(12), 1 + r.num(28),
            1 + r.num(9), 1 + r.num(20), 1 + r.num(30),
            1000 + r.num(9000), r.num(10000), r.num(10000), r.num(10000),
            3 + r.num(7),
        ));
        i += 1;
    }
    s
}

/// An application log in JSON lines, as services write them: a colon every ~15 bytes (keys,
/// times, URLs), few of them after Japanese. Not in the benchmark table: `jpii-benches loop FILE`
/// measures what the ASCII colon trigger costs on such input.
pub fn json_log(bytes: usize, seed: u64) -> String {
    const MESSAGES: &[&str] = &["注文を受け付けました", "配送準備中です", "ログインしました", "パスワードを変更しました", "お問い合わせを受信", "決済が完了しました"];
    const LEVELS: &[&str] = &["info", "warn", "debug"];
    let mut r = Rng(seed);
    let mut s = String::with_capacity(bytes + 256);
    while s.len() < bytes {
        s.push_str(&format!(
            "{{\"ts\":\"2026-12-{:02}T{:02}:{:02}:{:02}.{:03}Z\",\"level\":\"{}\",\"user\":\"u{}\",\"msg\":\"{}\",\"amount\":{},\"items\":[{{\"sku\":\"A-{}\",\"qty\":{}}}],\"url\":\"https://example.jp/p/{}\"}}\n",
            1 + r.num(28),
            r.num(24),
            r.num(60),
            r.num(60),
            r.num(1000),
            r.pick(LEVELS),
            1 + r.num(99999),
            r.pick(MESSAGES),
            100 + r.num(99900),
            1 + r.num(999),
            1 + r.num(9),
            1 + r.num(99999),
        ));
    }
    s
}

fn utf16le(s: &str) -> Vec<u8> {
    [0xFF, 0xFE].into_iter().chain(s.encode_utf16().flat_map(|u| u.to_le_bytes())).collect()
}

pub struct Files {
    pub prose: PathBuf,
    pub roster: PathBuf,
    pub roster_sjis: PathBuf,
    pub roster_eucjp: PathBuf,
    pub roster_utf16: PathBuf,
    pub dir_files: Vec<PathBuf>,
    pub big: PathBuf,
    pub wasm_sample: PathBuf,
    pub wasm_sample_sjis: PathBuf,
    pub json_log: PathBuf,
}

fn write(p: &Path, bytes: &[u8]) {
    if std::fs::read(p).map(|b| b == bytes).unwrap_or(false) {
        return;
    }
    std::fs::write(p, bytes).expect("write bench input");
}

/// Writes every input (skipping files already up to date) and returns their paths.
pub fn write_all(dir: &Path) -> Files {
    std::fs::create_dir_all(dir.join("many")).expect("bench dir");
    let prose_text = prose(40_000_000, 1);
    let roster_text = roster(8_000_000, 2);
    let f = Files {
        prose: dir.join("prose.txt"),
        roster: dir.join("roster.csv"),
        roster_sjis: dir.join("roster.sjis.csv"),
        roster_eucjp: dir.join("roster.eucjp.csv"),
        roster_utf16: dir.join("roster.utf16le.csv"),
        dir_files: (0..300).map(|i| dir.join("many").join(format!("{i:03}.{}", if i % 3 == 0 { "csv" } else { "txt" }))).collect(),
        big: dir.join("big.txt"),
        wasm_sample: dir.join("wasm-sample.txt"),
        wasm_sample_sjis: dir.join("wasm-sample.sjis.txt"),
        json_log: dir.join("log.jsonl"),
    };
    write(&f.prose, prose_text.as_bytes());
    write(&f.roster, roster_text.as_bytes());
    write(&f.roster_sjis, &encoding_rs::SHIFT_JIS.encode(&roster_text).0);
    write(&f.roster_eucjp, &encoding_rs::EUC_JP.encode(&roster_text).0);
    write(&f.roster_utf16, &utf16le(&roster_text));
    for (i, p) in f.dir_files.iter().enumerate() {
        let text = if i % 3 == 0 { roster(30_000, 100 + i as u64) } else { prose(60_000, 100 + i as u64) };
        if i % 2 == 0 {
            write(p, &encoding_rs::SHIFT_JIS.encode(&text).0);
        } else {
            write(p, text.as_bytes());
        }
    }
    let mut big = prose(24_000_000, 3);
    big.push_str(&roster(8_000_000, 4));
    write(&f.big, big.as_bytes());
    let mut sample = prose(3_000_000, 5);
    sample.push_str(&roster(1_000_000, 6));
    write(&f.wasm_sample, sample.as_bytes());
    write(&f.wasm_sample_sjis, &encoding_rs::SHIFT_JIS.encode(&sample).0);
    write(&f.json_log, json_log(4_000_000, 5).as_bytes());
    f
}

/// An endless-looking input for the memory measurement: a 1 MB block of prose with PII lines,
/// repeated up to `total` bytes.
pub struct Generator {
    block: Vec<u8>,
    left: u64,
    pos: usize,
}

impl Generator {
    pub fn new(total: u64) -> Generator {
        let mut block = prose(1_000_000, 9);
        block.push_str(&roster(50_000, 10).lines().skip(1).map(|l| format!("{l}\n")).collect::<String>());
        // Whole lines per block, so repetitions join cleanly.
        if !block.ends_with('\n') {
            block.push('\n');
        }
        Generator { block: block.into_bytes(), left: total, pos: 0 }
    }
}

impl Read for Generator {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.left == 0 {
            return Ok(0);
        }
        let n = buf.len().min(self.block.len() - self.pos).min(self.left as usize);
        buf[..n].copy_from_slice(&self.block[self.pos..self.pos + n]);
        self.pos = (self.pos + n) % self.block.len();
        self.left -= n as u64;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_deterministic_and_hold_pii() {
        assert_eq!(prose(20_000, 1), prose(20_000, 1));
        let r = roster(5_000, 2);
        let s = jpii::Scanner::new();
        assert!(s.scan_str(&r).len() > 50);
        assert!(!s.scan_str(&prose(20_000, 1)).is_empty());
        let mut g = Generator::new(3_000_000);
        let mut n = 0;
        let mut buf = vec![0; 65536];
        loop {
            let k = g.read(&mut buf).unwrap();
            if k == 0 {
                break;
            }
            n += k;
        }
        assert_eq!(n, 3_000_000);
    }
}
