from medkg.base.names import search_key, to_simplified


def test_traditional_and_simplified_share_a_key() -> None:
    assert search_key("華西醫院") == search_key("华西医院") == "华西医院"


def test_full_width_and_case_fold() -> None:
    assert search_key("ＨｕａｔｕｏＧＰＴ") == search_key("huatuogpt") == search_key(" HuatuoGPT  ")


def test_place_names_opencc_hk2s_would_mangle_stay_intact() -> None:
    assert to_simplified("松原市乾安縣") == "松原市乾安县"


def test_stored_phrase_is_not_rewritten_by_phrase_conversion() -> None:
    # t2s converts characters; tw2sp would rewrite 醫學影像 to 医学图像, which we must not do.
    assert to_simplified("醫學影像") == "医学影像"
