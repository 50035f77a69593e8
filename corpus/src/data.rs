//! The embedded reference subset (see `corpus/data/README.md`), parsed once.

use std::sync::OnceLock;

pub struct Surname {
    pub kanji: &'static str,
    pub kana: &'static str,
}

pub struct Given {
    pub kanji: &'static str,
    pub kana: &'static str,
    pub female: bool,
}

pub struct Place {
    pub code: &'static str,
    pub pref: &'static str,
    pub city: &'static str,
    pub town: &'static str,
    pub chome: bool,
}

pub struct Branch {
    pub bank_code: &'static str,
    pub bank_name: &'static str,
    pub bank_kana: &'static str,
    pub branch_code: &'static str,
    pub branch_name: &'static str,
    pub branch_kana: &'static str,
}

pub struct AreaCode {
    pub prefix: &'static str,
    pub area: &'static str,
    pub place: &'static str,
}

pub struct Data {
    pub surnames: Vec<Surname>,
    pub given: Vec<Given>,
    pub places: Vec<Place>,
    pub branches: Vec<Branch>,
    pub areas: Vec<AreaCode>,
}

fn rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .skip(1)
        .filter(|l| !l.is_empty())
        .map(|l| l.split('\t').collect())
}

pub fn data() -> &'static Data {
    static D: OnceLock<Data> = OnceLock::new();
    D.get_or_init(|| Data {
        surnames: rows(include_str!("../data/surnames.tsv"))
            .map(|r| Surname {
                kanji: r[0],
                kana: r[1],
            })
            .collect(),
        given: rows(include_str!("../data/given_names.tsv"))
            .map(|r| Given {
                kanji: r[0],
                kana: r[1],
                female: r[2] == "f",
            })
            .collect(),
        places: rows(include_str!("../data/addresses.tsv"))
            .map(|r| Place {
                code: r[0],
                pref: r[1],
                city: r[2],
                town: r[3],
                chome: r[4] == "1",
            })
            .collect(),
        branches: rows(include_str!("../data/banks.tsv"))
            .map(|r| Branch {
                bank_code: r[0],
                bank_name: r[1],
                bank_kana: r[2],
                branch_code: r[3],
                branch_name: r[4],
                branch_kana: r[5],
            })
            .collect(),
        areas: rows(include_str!("../data/area_codes.tsv"))
            .map(|r| AreaCode {
                prefix: r[0],
                area: r[1],
                place: r[2],
            })
            .collect(),
    })
}
