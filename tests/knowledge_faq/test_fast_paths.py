"""The serving shortcuts compute exactly what the library calls they replace.

``FeatureSpace.transform_one``, ``ScopeClassifier.probability`` and the
Simplified-text check in ``normalize`` exist only for speed; if any of them
drifted from scikit-learn's or OpenCC's result, retrieval would silently
change. These tests pin them to the reference computations.
"""

import numpy as np
import pytest

from knowledge_faq import KnowledgeBase
from knowledge_faq._features import Analyzed
from knowledge_faq._normalize import _t2s, _to_simplified, normalize

QUESTIONS = [
    "租房子能取公积金吗",
    "護照過期了怎麼辦理？",
    "我想问一下身份证丢了咋补办，急用！！",
    "明天会下雨吗",
    "ｅｔｃ卡怎么办",
    "公积金",
    "",
    "xyz 123",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_one_row_features_match_scikit_learn(kb: KnowledgeBase, question: str) -> None:
    index = kb._index
    text = Analyzed.of(question)
    reference = index._features.transform([text])
    fast = index._features.transform_one(text)
    assert fast.shape == reference.shape
    assert np.allclose(fast.toarray(), reference.toarray(), atol=1e-12)
    expected = float(index._scope._model.predict_proba(reference)[0, 1])
    assert index._scope.probability(fast) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize(
    "text", ["護照過期了怎麼辦", "回覆一下", "公积金怎么取", "發票", "乾燥", "沈默", "12345熱線"]
)
def test_simplified_check_never_skips_a_conversion(text: str) -> None:
    assert _to_simplified(text) == _t2s().convert(text)
    assert normalize(text) == normalize(_t2s().convert(text))


def test_simplified_check_agrees_with_opencc_on_the_corpus(kb: KnowledgeBase) -> None:
    texts = [q for entry in kb for q in (entry.question, *entry.similar_questions)]
    assert [_to_simplified(t) for t in texts] == [_t2s().convert(t) for t in texts]
