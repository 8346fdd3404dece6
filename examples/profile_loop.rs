fn main() {
    let bytes = std::fs::read("corpus/2023-xigong-minzhengju.tsv.txt").unwrap();
    let options = nianbao::Options::default();
    for _ in 0..200 {
        std::hint::black_box(nianbao::extract(&bytes, &options).unwrap());
    }
}
