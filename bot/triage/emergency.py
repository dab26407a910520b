"""Rule-based emergency detection: which of 110/119/120/122, if any.

Emergencies are never 12345 business, so this runs in the gateway before
anything else, and the Rasa ``emergency`` intent backs it up for phrasings the
rules miss. The rules favour recall, but look-alikes that merely mention an
emergency number or a past event ("120急救车怎么收费", "投诉110出警慢",
"上个月着火的事没人管") are excluded explicitly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge_faq import simplified

# Order matters: a fire with injuries is still a 119 call first, a road
# accident with an unconscious driver a 122 call, and someone attacked and
# bleeding a 110 call (the police bring the ambulance); other 110 words
# ("救命", "被困") come after the medical ones.
_LINES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "119",
        re.compile(
            r"(着火(?!车|点)|著火|"
            # pinyin, typed without a Chinese input method: "wo jia zhao huo le"
            r"(?i:(?<![a-z])(zh?ao|qi|shi)[ ,，]?huo[ ,，]?(le|la)(?![a-z]))|"
            r"着伙|(引燃|点燃|(?<!发)烧到(?!\d))了?[^,，。]{0,8}(房子|屋|家|楼|车|厂房|仓库|柴火垛|草垛)|(可见|看到|看见|冒出|一片)火光|着活|起火|失火|火灾|冒烟|冒黑烟|(?<![没不])冒火|窜火|火苗|"
            r"火星子?(?=.{0,6}(落|溅|飞|烧|冒))|烧着了|点着了|着了一件|烧起来|火很大|火好大|"
            r"火势|大火|火太大|火越来越大|扑不灭|无法扑灭|灭不了|没有?扑灭|浓烟|黑烟|砰砰.{0,2}炸|(?<!油)烟很大|(?<!油)烟好大|全是烟|都是烟|烟味|呛得|呛死|爆炸|(?<![气吓])炸了|管道爆|"
            r"煤气泄漏|燃气泄漏|天然气泄漏|煤气味|燃气味|天然气味|瓦斯|漏气|臭鸡蛋味|"
            r"嘶嘶|往外喷气|喷气|刺鼻的气体|漏氨|氨气泄漏|漏油.{0,12}(抽烟|点火|明火)|红彤彤|困在火|[垛房屋楼]着了|"
            r"(车里|车内)(锁着|关着|困着).{0,8}(孩子|小孩|婴儿|宝宝)|(看到|看见|有|冒出|冒着)明火|烟从.{0,8}冒出来|"
            r"(燃气|煤气|天然气).{0,8}(很浓|好浓|很大|好大|很重)的?味|(变压器|变电箱|配电箱|电箱)[^，,。]{0,4}(在爆|爆了|炸了|冒火|着了)|"
            r"(?<![撞刮碰推])(塌方|塌了|倒塌|坍塌|塌下来|倒了|冲下来|滑坡|泥石流).{0,10}(压在|压住|压着|埋在|埋住|被埋|埋了|困在|出不来)|"
            r"(化粪池|沼气池|窨井|污水井|井下|地窖|储罐|罐里|池子).{0,16}(下去|掉下去|掉进).{0,20}"
            r"(没上来|晕|没动静|没声音|不答应|没回应|没反应|不动)|(有|是|冒|闻到|泄漏).{0,2}毒气|毒气.{0,4}(泄漏|中毒)|沼气中毒|"
            # rescue: people trapped by water, in a lift, on a roof, stuck in railings
            r"(电梯|进水|水已经|水淹|洪水|大水|屋顶|楼顶|房顶|井里|井下|洞里|废墟|地下室|火场|大火|"
            r"冷库|冰库|库里|集装箱).{0,30}(被困|困在|困住|出不来|关在里面|被关在)|"
            r"被淹了?.{0,16}(有人|里面|拍窗|出不来)|(手指?|头|脚|腿|胳膊|头发)[^,，。]{0,8}(卷进|绞进).{0,16}(拿不出|出不来|取不出|拔不出|抽不出)|"
            r"(水已经|水都|水快|水已|水淹|水漫).{0,6}(到|没过|淹到|漫到).{0,16}(推不开|打不开|出不来|困|救)|"
            r"(站在|爬到|困在|坐在)(车顶|屋顶|房顶|楼顶)上|火还在烧|(燃气|煤气|天然气)(管道?|管子|管线)[^,，。]{0,4}(挖断|断了|破了|爆了)|(燃气|煤气|天然气)[^,，。]{0,4}(往外冒|外泄)|跌咗?落(山|坑|崖|沟|水|河)|(地窖|菜窖|枯井|井|坑|洞|沟)[^。]{0,12}(掉下去|摔下去|跌下去)[^。]{0,20}(上不来|出不来|爬不上来)|迷咗?路[^。]{0,20}(天黑|出不去|走不出|没电|冇电)|掉进.{0,4}(井|窨井|下水道|坑|洞|地窖|粪池)|"
            r"电梯.{0,12}(卡住|卡在|卡了|停在|停了|困住|掉下|往下掉|坠).{0,16}(里面|有人|我和|我们|孩子|老人)|电梯困人|电梯.{0,2}困了|困在电梯|"
            r"(被困|困在|困住).{0,6}(电梯|屋顶|楼顶|房顶|水|井|洞|地下室|火|河|江|湖|沙洲|山|悬崖|孤岛)|"
            r"电梯.{0,8}(卡在|停在|掉).{0,16}(里面有|有.{0,4}人)|"
            r"(头|手|脚|腿|胳膊|孩子|小孩)[^,，。]{0,6}(卡在|卡住|夹住|夹在|卡).{0,12}(拔不出|取不出|抽不出))"
        ),
    ),
    (
        "122",
        re.compile(
            r"((两|几|好几)[辆台]车.{0,4}撞|连环撞|连环追尾|(几|五六|好几|多)辆车.{0,4}(撞在一起|追尾)|撞一起|撞倒了?好?几个|冲到.{0,4}(河|桥下|沟)|"
            r"趴在方向盘|"
            r"(车祸|车货|交通事故|碰撞|撞了|撞上|撞到|撞倒|撞车|被车|追尾|翻车|侧翻|翻了|翻到|相撞|怼一起|怼上|撞在一起|"
            r"刮倒|刮到|撞飞|拦腰撞|撞上来|顶了|冲上人行道|撞护栏|冲出护栏|冲出路面|冲进了?(隔离栏|隔离带|护栏|绿化带|沟|河)|爆胎|压扁)"
            r".{0,24}(受伤|流血|血|伤者|昏迷|晕|倒地|倒在|躺|起不来|动不了|不动|叫不醒|"
            r"不应|卡在|压在|挤在|被困|磕在|脸朝下趴|趴着没动|没动|(车里|里面)有.{0,3}人|断了|疼|哭|里面有人|里面还有人|有人|往外爬|人飞|跑了|摔倒|站不起来|站不稳|"
            r"走不了|打不开|出不来|还在里面)|"
            r"被.{0,6}(车|摩托|电动车|电瓶车).{0,2}(带倒|刮倒|撞倒|碰倒|压了|压住|压到)|"
            r"(刮了|别倒)[^。]{0,24}(血|受伤|起不来|倒地|摔倒|哭|躺|不动|下不来|磕破)|"
            r"(失控|刹车失灵).{0,8}冲进|车.{0,8}(碰了|碰上了).{0,24}(受伤|流血|血|倒|起不来)|"
            r"(摩托车?|电动车|电瓶车|自行车|三轮车?).{0,4}(滑倒|摔倒|摔了|倒地|翻了)"
            r".{0,16}(车道|马路|路中间|路上|压上|撞|车来车往)|"
            r"(受伤|流血|压在|倒在).{0,12}(车祸|撞车|被车撞|车底)|"
            r"钻到.{0,6}(车底|底下)|车头.{0,2}[扁瘪]了|车门.{0,2}变形|"
            r"(落石|石头|大树|树).{0,6}砸.{0,6}车.{0,12}(人|受伤|血|里面)|(路中间|车道上|高架上|高速上|路面上).{0,12}(掉了|散落|撒了).{0,24}(危险|爆胎|压上|追尾))"
        ),
    ),
    (
        "110",
        re.compile(
            r"(拿.{0,4}(钢管|棍|棒|砖|铁锹|锄头).{0,4}打|(有人|有个[男女]的|那个人)[^,，。]{0,4}(在追我|追着我|一直追我)|(把我|把孩子|把她|把他)(拉上|拖上|拽上|抱上|塞进)[^,，。]{0,2}车|(?<!窝)被捅(了|伤|死)?[^,，。]{0,3}(刀|肚子|腰|胸|背|脖子)|捅了.{0,2}刀|挨了[一几两]刀(?![^。]{0,8}(菜|元|块|钱|贵|价))|抄起.{0,4}(刀|棍|棒|锄头|铁锹|砖|板凳)|扭打(?![^。]{0,10}(玩|摔跤|闹着玩))|(人|两个|俩|他们|几个)[^,，。]{0,4}扭在一起|大架|打群架|持刀|拿刀|拎着.{0,3}刀|挥着?刀|"
            r"(打(?!篮球|球|针|电话)|砍|捅|踹|揍)[^。]{0,12}(满脸|满身|浑身|全身|一身|一脸)(都是|全是|是)?血|"
            r"拿着刀|刀乱挥|砍人|砍我|砍伤|捅死|捅我|捅伤|杀人(?!不见血|犯)|杀了我|要杀|杀我|弄死我|"
            r"抢劫|劫持|绑架|殴打|群殴|打人(?!的)|打架|打起来|打了起来|强奸|"
            r"(被人|被.{0,4})(拉上|拖上|抱上|拽上|塞进|塞上).{0,6}车|围着.{0,8}打|"
            r"(在|正在)抢.{0,6}(包|手机|钱|东西|孩子)|"
            r"拿着?(钢管|棍子|棒子|砖头|铁棍|铁锹)|"
            r"(抱着?|带着?|抱走|带走)我?.{0,4}(孩子|小孩|女儿|儿子|宝宝).{0,24}(没回来|关机|联系不上|不见了)|"
            r"(孩子|小孩|女儿|儿子|宝宝)[^,，。的]{0,6}(不见了|被抱走|被带走|被人带走)|"
            r"(孩子|小孩|女儿|儿子|宝宝)(刚才|刚刚|刚|突然)?(在[^,，。的]{0,8})?(走丢了|走失了|找不到了)|"
            # a child fetched by a stranger: "被一个说是她舅舅的接走了 她根本没舅舅"
            r"(?<![递裹西车钱])被[^，,。]{0,12}(接走|带走|抱走)[^。]{0,20}(根本(没|不)|不认识|陌生|冒充)|"
            r"(陌生人|不认识的人|陌生[男女]人?)[^，,。]{0,6}(接走|带走|领走|抱走|抱起|拽走|拉走)(?![^。]{0,8}(拍照|合影|逗)))"
        ),
    ),
    (
        "120",
        re.compile(
            r"(晕倒|昏倒|昏到|晕到了|晕过去|昏过去|昏迷|不省人事|叫不醒|(喊|叫)(他|她)?也?(叫|喊)?不应(?!该)|(喊|叫)(他|她)?(也|都|半天|好几声)?不答应|眼睛往上翻|没反应|不会动|不动了|躺着不动|"
            r"没气了|没呼吸|没有呼吸|没心跳|休克|心脏病|捂着胸口|捂着心口|胸口疼|喘不上|"
            r"喘不过|呼吸困难|脸发紫|嘴唇发紫|脸色发白|脸煞白|脸发青|抽搐|抽筋|口吐白沫|中风|"
            r"半边脸|往一边歪|说话.{0,4}含糊|大出血|流了好多血|血流不止|血止不住|血一直|"
            r"中毒|吐血|被.{0,4}(开水|热水|热油)烫|(发作|抽)了?.{0,8}(还没停|停不下来|不停)|吃了.{0,6}药|安眠药|降压药|农药(?!厂|店|经营|销售|残留|包装)|喝药|(一整?瓶|整瓶|一把|一大把|所有的)[^,，。]{0,8}药[^,，。]{0,3}(吃|喝|吞)了(?![^,，。]{0,4}(还|也|没|天))|吞了|割腕|摔下来|掉下去|摔倒了|"
            r"滑倒了|起不来|又吐又拉|说胡话|"
            # English, typed by visitors
            r"(?i:can[ ，]?not[ ，]breathe|can't[ ，]breathe|not[ ，]breathing|"
            r"unconscious|passed[ ，]out)|"
            r"上吐下泻|溺水|扑腾|沉下去|触电|被电(?![动瓶视话脑梯费子])|蛇咬|蛰了|喉咙发紧|高烧|要生了|羊水|破水了(?![^。]{0,6}(是不是|要不要|吗))|阵痛(?=[^。]{0,8}(厉害|很密|越来越|受不了|间隔[^。]{0,4}(分钟|很短)))|宫缩(?=[^。]{0,8}(很密|厉害|越来越|受不了))|(孩子|宝宝|头)要出来了|感觉要出来了|一阵一阵(的|地)?疼|"
            r"快不行了|在生孩子|生孩子了|看到头了|摔下(坡|山|崖|楼梯|去)|骨头.{0,4}露出|噎住|卡住喉咙|卡在喉咙|海姆立克|心梗|心肌梗|脑梗|(快|赶紧|马上).{0,2}(派|叫|来).{0,2}救护车|(麻烦|请(?!问)|帮我|帮忙)[^,，。]{0,2}(派|叫)个?辆?(救护车|急救车)|血哗哗|血直流|一直在?流血|流血不止|一滩血|躺在地上.{0,12}(血|不动|起不来|有气无力)|流了一地血|血流了一地|(满脸|满身|浑身|全身|一身|一脸)(都是|全是|是)血|(满脸|满身|浑身|一脸)血|一身血(?!汗)|(手指头?|胳膊|(?<![椅桌凳床柜架])腿)[^,，。]{0,3}断了|一直在吐|全家都在吐|磕在|突然倒|倒下去|按.{0,3}胸口|心肺复苏)"
        ),
    ),
    (
        "110",
        re.compile(
            r"(拿.{0,4}(钢管|棍|棒|砖|铁锹|锄头).{0,4}打|大架|打群架|持刀|拿刀|拎着.{0,3}刀|挥着?刀|拿着刀|刀乱挥|菜刀|砍人|砍我|捅死|捅我|杀人(?!不见血|犯)|"
            r"杀了我|要杀|杀我|弄死我|跳河|跳江|跳湖|跳楼(?!价)|同归于尽|抢劫|抢了我(?!的?(位|车位|座|风头|生意|饭碗|台词|名额|号|单))|"
            # pinyin, typed without a Chinese input method
            r"(?i:(?<![a-z])sha[ ,，]?ren[ ,，]?(le|la)(?![a-z]))|"
            r"(?i:(?<![a-z])(qiao|za)[ ,，]?men[^。]{0,24}kuai[ ,，]?lai)|"
            r"强行(拖|拉|拽)上车|被绑在|绑在[^,，。]{0,6}(柱子|椅子|床)|(拿|用)[^,，。]{0,4}(皮带|棍子|衣架|鞭子)[^,，。]{0,4}(抽|打)|在(打|抽)(孩子|小孩)|抢走|抢.{0,3}方向盘|进贼|有小偷|小偷在|抓小偷|(抓住|抓到|逮住|按住)了?[^,，。]{0,3}(小偷|贼|扒手)(?![^。]{0,12}(表扬|感谢|锦旗|点赞|好样|夸))|是不是小偷|捅锁眼|撬锁|"
            r"正在偷|在偷|撬|入室|绑架|劫持|抱走|拽着.{0,6}(孩子|小孩)|打人(?!的)|打架|打起来|殴打|"
            r"群殴|挨揍|在打她|在打他|在打我|踹门|掐我|推搡|(?<![倒落掉树雹])砸(?=.{0,8}(车|门|东西|头|玻璃))|往.{0,4}头上砸|"
            r"要跳|想跳|(就|要|想|准备|说要)[^,，。]{0,8}跳下去(?![^。]{0,6}吓唬)|翻到栏杆|坐在天台|(坐|站)在[^,，。]{0,8}(楼顶|天台|顶楼)边(?![^。]{0,10}(拍照|拍婚纱|自拍|拍视频|直播))|(失智|老年痴呆|痴呆|阿尔茨海默)[^?？]{0,60}?(跑出去|出去|出门|走失|走丢|不见)了|(跑出去|出去|出门|走失|走丢|不见)了[^?？]{0,60}?(小时|分钟)了?(还|都)没(找到|找着|回来)|(跑出去|走失|走丢|不见)了[^。]{0,40}(失智|老年痴呆|痴呆|阿尔茨海默)|(骗|客服|刷单|解冻|提现|安全账户)[^。]{0,60}(还转不转|要不要继续转)|(客服|对方|骗子|他们|他|有人|有个人|那人|那边)[^。]{0,20}(催|让|要)我[^,，。]{0,8}(十分钟|马上|立刻|赶紧)[^,，。]{0,4}转|不想活|活着没意思|轻生|自杀|今晚就结束|结束(自己|生命)|了结自己|遗书|永别了|下辈子再|跟踪|跟着我|尾随|偷拍|"
            r"非礼|猥亵|摸我|强奸|家暴(?!可以|了离婚)|锁在|关在|不让我走|不让我下车|(把我|被.{0,4})堵在|有人闯进|"
            r"非法拘禁|关起来|(被|把).{0,6}(困在|关在|锁在)|被困|困在|剪电缆|要钱.{0,6}(躲|堵)|救命(?![钱的保消通路稻恩])|"
            # a fraud being paid out right now: the police can still stop the transfer
            r"(骗子|被骗|诈骗|骗了).{0,12}(正在|在|要|准备).{0,6}(转账|汇款|打钱|打款|取钱)|正在被骗|"
            r"安全账户|(屏幕共享|共享屏幕).{0,20}(钱|转|卡|账户)|(钱|转|卡|账户).{0,20}(屏幕共享|共享屏幕)|"
            r"(报|给|发|告诉).{0,4}验证码.{0,24}(又要|还要|第二个|再要)|"
            r"钱.{0,8}(一笔一笔|正在被|在被).{0,6}(少|转走|扣)|正在被.{0,4}转走|(冒充|假冒).{0,8}(警官|公安|民警|检察|法院|领导).{0,20}(转|打款|汇)|"
            r"(转账|汇款|转钱|打款|转了|转[\d一二三四五六七八九十几两]+[十百千万]).{0,20}"
            r"(拦不住|劝不住|还在(要|催)|还能拦)|"
            r"(拦不住|劝不住).{0,20}(转账|汇款|转钱|打款|转[\d一二三四五六七八九十几两]+[十百千万])|"
            # a fraud that isolates its victim: "不许跟家里联系，还开着视频盯着我转钱"
            r"(不许|不让|不准)我?[^,，。]{0,4}(跟|和|给)家(里|人)[^,，。]{0,2}(联系|打电话|说)|(开着?|打开)视频[^,，。]{0,4}(盯着|看着|监视)我|"
            # shots fired
            r"(土枪|猎枪|自制枪|火药枪)(?![^。]{0,8}(模型|玩具|收藏|管理|证|许可|合法|违法|规定|能不能|可以))|(开|放)了[^,，。]{0,3}[一两几]枪|"
            # a driver taking a lone passenger off the road
            r"(一个人|住哪|不让我下|锁了?车门|不停车|不肯停)[^。]{0,30}(开进|拐进|开到|拐到)了?[^,，。]{0,4}(小路|小巷|荒|偏僻|没人)|"
            r"(开进|拐进|开到|拐到)了?[^,，。]{0,4}(小路|小巷|荒|偏僻|没人)[^。]{0,30}(一个人|住哪|不让我下|锁了?车门|不停车|不肯停)|"
            # a kidnapping: a ransom call
            r"(孩子|人|儿子|女儿)在.{0,2}(他|他们|我)手上|不许报警|不准报警|赎金|撕票)"
        ),
    ),
)

_CRASH = re.compile(r"撞了|撞上|相撞|对撞|撞车|追尾|翻车|侧翻|车祸|撞在一起|撞护栏|连环撞")
# A 122 word ("撞到", "翻了") means a road accident only with a vehicle or a road in sight.
_VEHICLE = re.compile(
    r"车|摩托|拖拉机|农用|司机|驾驶|路口|马路|高速|公路|国道|省道|高架|隧道|桥|斑马线|人行道|红绿灯|车道"
)
_SMOKE = re.compile(r"冒烟|冒黑烟|黑烟|浓烟|烟很大|烟好大|全是烟|都是烟|烟味")
# Smoke words plus the choking they cause: what everyday smoke can explain.
_SMOKE_OR_CHOKING = re.compile(rf"{_SMOKE.pattern}|呛得|呛死")

# Around the trigger (its clause and the clauses either side), these say the
# citizen is asking about, or complaining of, a service or a past event, or
# fears a hazard that has not happened: 12345 business unless something also
# says it is happening now.
_NOT_NOW = re.compile(
    r"(怎么收费|收费(?!员|站|处|口|亭)|多少钱|费用|怎么办理|如何办理|办理|流程|投诉|出警|态度|不作为|没人管|"
    r"没有处理|处理结果|赔偿|理赔|保险|工伤|认定|冷静期|离婚|报销|补贴|电影|小说|游戏(?![厅机城店])|新闻|"
    r"12345|应该打|该打哪个|打什么电话|"
    r"上个月|上周|去年|前年|前几天|前[一两三]天|小时候|交代|手环|防走丢|防走失|定位器|能定位吗|想提前|提前了解|(疼|痛|拖|等|住院|养)了[两几三四五六]个(月|星期|礼拜)|以前|之前|那次|曾经|当时|昨天|昨晚|前天|上次|上学期|那天|"
    r"长期|每天|天天|每晚|一天24小时|总是|老是|轻者|重者|就是怕|怕再|怕会|怕以后|再次|担责|事后|至今|逍遥法外|未受理|\d{4}年|\d{1,2}月\d{1,2}[日号]|"
    r"多次|(?<![吐拉泻抽咳])(?<![吐拉泻抽咳]了)(几次|两次|三次)|每年|一年|经常|屡次|发生过|每次|每回|(?<!一)动不动|"
    r"网上看到|在网上看|那回|上回|住院费|咋报|表扬|诈骗吧|骗子吧|(都|就)怕被人?(关|困|锁|跟踪|跟着)|上个?星期|上个?礼拜|前几年|(爆炸|着火|起火|失火|出事)过|"
    r"迟早|早晚|网上传|造谣|转疯了|不是现在|好奇|后遗症|哪里(着火|起火|出事)了?吗|(抖音|快手|微博|小红书)上?说|真的假的|前段时间|前些天|前些日子|前一阵|"
    r"提前问|之后(应该|该|要)怎么|怎么加入|群里看到|澄清|辟谣|报名|课程|影片|"
    r"隐患|一旦|如果|万一|可能(?![^,，。]{0,2}(摔|断|骨折|是|中毒|昏|晕|不行))|担心|风险|导致|造成|引起|引发|灰尘|粉尘|井盖(?=.{0,3}(丢|坏|缺|破|没了|被偷|松))|防范|预防|宣传|演练|培训|知识|会不会|容易|"
    r"灭火器(?![^,，。]{0,6}(喷|灭|扑|浇|救))|消防通道|消防栓|消防设施|责任认定|认定书|燃气费|燃气公司|"
    r"妇联|补助|听说|真.{0,4}了?怎么|以为|平时|要是|如何|找谁|谁来(?!救)|归谁|说法|是否允许|差点打起来|勘查|提取了?指纹|做了笔录|立了案|怎么判|判几年|判多久|怎么处罚|会不会坐牢|犯法吗|违法吗|"
    r"电视上|电视里|电视剧|视频里|的视频|纪录片|哪天|安全教育|讲座|来检查|检查一下|排查|最近的(?!医院|派出所|消防)|发生的一起|"
    r"听.{0,4}[讲说]|据说|群里有人说|刷到|网上说|谣言|是真的吗|自救|学习|想学|讲讲|科普|"
    r"防溺水|防火|防盗|防诈|防骗|承诺书|年前|个月前|天前|"
    r"(着火|起火|火灾|泄漏|地震|溺水|中风|晕倒|摔倒)的时候|为什么|原理|作业|了解一下|口诀|怎么判断|"
    r"救上来以后|可以学|有没有课|修车|谁出|差点|险些|差一点|怕.{0,4}(砸到|掉下|倒下|出事|着火|发生)|"
    r"视频说|看到视频|烧垃圾|焚烧|烧秸秆|烧树叶|申请|一键呼叫|能不能(装|建|设|安|加)|假如|假设|"
    r"是打\d{3}|还是找|休养|养伤|康复|出院|还没有?人|开玩笑|哈哈|玩笑|月份|赔了|快掉下来|要掉下来|"
    r"药走了|去世|过世|前阵子|锦旗|感谢|安全检查|应急预案|预案|怕.{0,6}(起火|爆炸|漏电)|看着危险|"
    r"我的世界|苦力怕|王者荣耀|吃鸡|小品|台词|没告诉我们|也没告诉|排练|演出|剧本|扮演|过家家|消防课|戏剧|戏曲|"
    r"(那|这)场戏|追车戏|《|能不能用|该备|遇到.{0,6}(应该|怎么|该)|还是往|真.{0,3}(起火|着火|出事)了|"
    r"合规|合法吗|是否合法|违规|笑死|谁懂|急救法|处理方法|做法|一(着火|起火(?!灾)|爆炸)|"
    r"还没有?(着火|起火|爆炸|冒烟|漏)|家庭医生|打翻.{0,8}药|补开)"
)
# Figures of speech built on emergency words.
_FIGURATIVE = re.compile(
    r"(救命钱|救命的钱|救命稻草|救命恩人|要炸了(?!.{0,2}(楼|房|罐|锅炉))|气炸|炸锅|"
    r"抢劫国库|也是抢劫|就是抢劫|简直是抢劫|是在抢劫|明抢|无理绑架|道德绑架|被.{0,4}绑架了?(?=.{0,6}(合同|协议|条款))|"
    r"火很大(?=.{0,3}(脾气|意见))|急救知识|急救培训|急救员|信息.{0,2}爆炸|大爆炸的时代|"
    r"要打人的样子|打人了[!！]打人了|救命路|点不着火|打不着火|杀人不见血|偷偷|偷税|偷工减料|气得.{0,4}心脏病|"
    # degree complements and tempers: "排队排得我快晕倒了", "多得要爆炸了", "看到水费单直接炸了"
    r"(?<![胀鼓])得(我|人)?快?要?(爆炸|炸了|晕倒|晕过去|昏过去|晕了)|(?<![看听闻见觉])到快?要(晕倒|晕过去|晕了)|(?<![看听闻见觉])(得|到)我(心里)?快?要?(爆炸|炸了|晕|着火|冒火|喘不上|喘不过)|(成个人|整个人|人都)(爆炸|炸了)|"
    r"(火灾|着火|起火|地震|爆炸|火警|消防|泄漏)[^,，。]{0,6}(演练|演习|疏散演)|模拟.{0,2}(着火|火灾|起火|爆炸|泄漏)|"
    r"火灾险|(泄漏|烟雾|火灾|燃气|煤气|瓦斯|可燃气体?)(警报器|报警器|探测器|检测仪|浓度仪)|心肺复苏术?(课|培训|证|考试|知识)|"
    r"头都?要?炸|((救命|抢劫|杀人了?)(啊|呀|哇)?[,，!！]*)+[^,，。]{0,12}(网站|系统|验证码|APP|app|页面|软件|客服|提交|办理|题|作业|考试|手工|学位|开学|家长会|寒假|暑假|房租|房价|社保|医保|公积金|工资|"
    r"好闷|无聊|好烦|加班|怎么补|电费|水费|物业|停车|收费|涨价|太贵|打桩|施工|噪音|热死|冷死|停电|停水|快递|外卖|网速|相亲|老板|上班|DDL|ddl|简历|排队)|"
    r"(网站|系统|验证码|APP|app|页面|软件|客服|提交|办理|题|作业|考试|房租|房价|社保|医保|公积金|工资|"
    r"好闷|无聊|好烦|加班|怎么补|电费|水费|物业|停车|收费|相亲|老板|上班|DDL|ddl|简历|排队|@我)[^。]{0,16}救命(?!.{0,3}(啊|呀))|"
    r"(整不会|绷不住|蚌埠住|离谱|无语|破防|emo|yyds)[^。]{0,12}救命|救命[^。]{0,12}(整不会|绷不住|蚌埠住|离谱|无语|破防)|"
    r"心脏病.{0,6}气出来|(炒菜|做饭|灶)[^,，。]{0,4}火苗(?![^,，。]{0,8}(窜到|烧到|点着|墙|窗帘|吊顶|柜|油烟机))|(发烧|感冒|咳嗽|退烧|头疼|头痛)[^。]{0,10}吃了.{0,4}药|(发烧|体温|退烧|药效)[^。]{0,12}烧起来|吃了(一周|几天|好几天|两天|三天|半个月|一个月|很久)的?.{0,4}药|车子?被堵在|(人家|他们)是(去)?救命|(是|去)救命的|警察抓小偷|"
    r"(DDL|ddl|作业|论文|考试|老板|工作|加班|甲方|KPI|deadline)[^,，。]{0,4}要?杀了我|"
    r"(跟|(?<!好)像)[^,，。]{0,6}(着火|爆炸|车祸|打仗|打架)了?(现场|一样|似的)|"
    r"(笑|饿|难喝|难吃|累|困|气|烦|吓|丑)(得|到)(我[^,，。]{0,6})?(晕倒|晕过去|昏过去|抽搐|抽筋|窒息)|"
    r"(狗|猫)[^,，。]{0,10}(已经)?被(关|锁)起来|(着火|爆炸|炸)了?(一样|似的)|(?<!爆)炸场|爆仓|((?i:wifi)|网络|网速|服务器|电脑)[^,，。]{0,3}炸了|炸了(炸了)?[,，]?[^。]{0,6}(爆仓|双十一|双11|订单|单量)|(爬|走|上)[^,，。]{0,6}(楼|路|坡)[^,，。]{0,3}都(喘不上|喘不过)|(爆炸|炸了|着火|晕倒|晕过去|杀人|救命|被困|快要?打起来了?|窒息)[^,，。!！]{0,4}(😂|🤣|哈哈)|(吃|喝)[^。]{0,4}(撑|饱|胀)[^。]{0,8}要?爆炸|(肚子|胃)[^,，。]{0,4}(撑|胀)[^,，。]{0,4}要?爆炸|(被困|困)在家(里|中)?(?![^。]{0,16}(火|烟|水|淹|涨|塌|倒|震|地震|走不动))|(气|烦|恨)得我都?想杀人|(要|快)(被[^,，。]{0,4})?气出(心脏病|病)|(?<!冒充)(?<!自称)(?<!假装)(他|她|孩子)的?(妈妈|爸爸|家长|奶奶|爷爷|外婆|姥姥|老师)[^,，。]{0,6}(抱走|带走)|(民警|警察)[^,，。]{0,6}(抱走|带走)|(我|我们)被?锁在门外(?![^。]{0,16}(燃气|煤气|火|(孩子|老人|宝宝)(在|还在)?(屋里|家里|里面)))|"
    r"救命[^,，。]{0,2}(😂|🤣|哈哈)|(被困|困在|困住|卡在)[^。]{0,16}?(😂|🤣|哈哈)|(被困|困在|困住|卡在)[^。]{0,12}?(数学题|题里|作业|作文|论文|报表|政策|流程|手续|排队|开会|循环|考试|表格|规定)|"
    r"(乐高|积木|拼图)[^,，。]{0,4}炸了|(智齿|牙)[^,，。]{0,4}(感觉)?要?出来了|(猫|狗)[^,，。]{0,6}(跑出去|跑丢|丢)了[^。]{0,20}|爆炸(消息|新闻)|"
    r"(我家|家里|邻居家|的)(猫|狗|猫咪|狗狗|宠物|鹦鹉|鸟)[^,，。]{0,8}(掉下去|摔下来|中毒|抽搐|被电|溺水|晕|起不来)|"
    r"(烟花|鞭炮|炮仗|爆竹)(?![^,，。]{0,3}(厂|仓库|店|库|车))[^,，。]{0,4}炸|(热|晒|渴|急|气)(得|到)(我|人)?[^,，。]{0,3}快?要?(冒烟|着火|冒火)|杀了我吧|得我?要?吐血|要吐血|业绩爆炸|原地爆炸|看见杀人犯|(嗓子|喉咙|嘴里?).{0,2}(冒烟|着火|冒火)|"
    r"(骂|气|累|吓|烦)(到|得)我?.{0,2}(心梗|心脏病|晕|吐血)|爆炸式|爆炸性|(短信|电话|消息|信息).{0,3}炸了|"
    r"跑断|都要.{0,3}断了|心脏病都?[要快]犯|(?<!好)像[^,，。]{0,4}(爆炸|着火|火灾)(现场|一样|似的)|"
    r"比.{0,3}(着火|爆炸).{0,2}还|(手机|电脑|系统|软件|U盘)[^,，。]{0,3}中毒|"
    r"(看到|知道|一听|一看)[^,，。]{0,10}(直接|当场|都)炸了|"
    r"(简直|就|这|真|等于|跟|和|像)是?(在)?绑架|"
    # a procedure or an app that does not respond: "都办了3天了都没反应"
    r"(办理|办了|申请|提交|上传|审核|审批|回复|反映|投诉|系统|网站|APP|app|软件)[^,，。]{0,10}没反应)"
)
# Said after the trigger, these say the danger is over ("已经盖上锅盖灭了",
# "救护车已经把人拉走了", "没人受伤"): the citizen asks what to do next, which
# is 12345 business, unless a sign of "now" follows it ("已经灭了一处，现在
# 又烧起来了"). Negated forms ("无法扑灭", "还没有送医院") are not an end.
_RESOLVED = re.compile(
    r"(已经?.{0,8}?(?<!没有)(?<!无法)(?<!没能)(?<!不能)(?<![没未不])"
    r"(灭了|扑灭(?!不)|拉走|送到?医院|送医|降下来|挪车|挪走|处理好|处理完|没事|脱险|救出来|"
    r"抢救过来|醒过来|醒了|缓过来|被抓|不肿了|消肿|不疼了|断电了)(?!不了)|"
    r"(火|阀门|闸|煤气|燃气|天然气|气).{0,3}关(了|掉|好)|已经(好了|好多了)|"
    r"(?<!有)(没人|没有人|无人|没|没有)受伤|抓到了|抓住了|现在没(味|事)了?|没事了|"
    r"(现在|已经)(看不到|看不见|没有?)了?(火|烟|明火)|不是真的?(炸|着火|起火|爆炸|打)|"
    r"(120|救护车|急救车)(也|已经)(来了|到了)(?![^。]{0,12}(卡在|困|出不来|压在|还没))|(抢救|救)(回来|过来)了|(盖|浇|踩|拍)灭(了|的)|"
    r"说是.{0,6}开锅|(拔了|拔掉|关了|关掉|灭了|浇灭了?|扑灭了?)[^,，。]{0,3}没事|(就|总算|终于)(缓过来|醒过来|醒了)|虚惊一场|(被|已经?)[^,，。]{0,6}劝开|拉开带走|结果[^,，。]{0,4}(睁开眼|醒了|坐起来|站起来)(?![^,，。]{0,2}又)|(?<!还)好好(地|的)?在(上课|上班|学校|家)|(后来|最后)[^,，。]{0,12}(?<!没)(放|救|拉|弄|抬)出来(了|的)|(?<!刚)(?<!没)才(放|救|拉|弄|抬)出来|已经有(警察|民警|交警)[^,，。]{0,4}在处理|被分开了|(孩子|人|老人|他|她|小孩|女儿|儿子|家长|以后|后来|最后|终于|总算|已经)[^,，。]{0,6}(找到了|找着了|找回来了)|找到家长|(?<!不是)(?<!没)(乱打的|乱按的|误触)|(?<!还)没有?动手|没打起来|(幸好|还好)里面没有?人|(?<!有)没有?人被困|水箱开锅|母子平安|顺利生了|有说有笑|没(什么|啥)事|没味了|"
    r"(原来|结果|一看|后来才?发现|才发现)(是|在|人家)[^,，。]{0,10}"
    r"(玩|演|拍|游戏|开玩笑|看电视|看电影|恐怖片|烟花|喝醉|醉汉|假的|演习|演练|冬泳|睡觉|打呼|模特|道具|"
    r"熏腊肉|腊肉|做饭|炒菜|烧烤|蒸汽|水蒸气))"
)
# Everyday smoke ("烧烤的烟", "楼道里抽烟 烟味") is no fire unless a fire is named.
_SMOKE_SOURCE = re.compile(
    r"烟火棒|冷焰火|烟雾弹|烟饼|烧烤|烧纸|烧香|上坟|抽烟|吸烟|二手烟|油烟(?!机)|炒菜|排烟"
)
_FIRE = re.compile(
    r"(?<![跟像和])(着火|着了|起火|失火|火苗|明火|火光|烧起来|冒火|火很大|火好大|山火|烧山|烧到)(?!了?(一样|似的))"
)
# Stories on a screen or in a dream: "一场高层火灾的戏，浓烟滚滚"; a turn back to
# real life ("正在看电视剧，突然闻到煤气味") ends the frame.
_FICTION = re.compile(
    r"电视剧|警匪剧|连续剧|短剧|网剧|动画片|动漫|的戏|剧情|电影里|小说里|游戏(?![厅机城店])|梦里|做梦|梦见|噩梦|是演的|拍戏|演戏|恐怖片|吃鸡(?![蛋肉骨腿翅爪汤块])|王者|打机|短视频|警察抓小偷|捉迷藏|过家家"
)
_TURN = re.compile(r"突然|忽然|这时|结果|闻到|听到|听见|看到|外面|楼下|隔壁")
# Someone trying the bot out, aiming at the bot itself.
_TESTING = re.compile(
    r"测试一下|我就试试|嘻嘻|我是小学生|看看你(有什么|会不会|怎么|能不能)|你会怎么回|你会不会报警"
)
# Just before the trigger, these deny it: "没着火，就是冒了点蒸汽", "也没打起来".
# ("是不是着火了" and "会不会中毒" ask, they do not deny; "这不是着火了吗" and
# "我不会心肺复苏" are no denials either, see ``_denied``.)
_NEGATED = re.compile(
    r"((没有?|并没|未|(?<!是)不是|(?<!会)不会)(任何|什么)?|(未|没有)发现(任何|什么)?)$"
)
_ASKED_BACK = re.compile(r"[吗吧]")
_ACTION = re.compile(r"心肺复苏|海姆立克|按.{0,3}胸口")
# A short quotation around an emergency word is someone's figure of speech,
# not a report: "辣得我嘴里“着火了”", "学生说期末要“炸了”".
_QUOTED = re.compile(r"[“\"「『‘'][^”\"」』’'\n]{1,8}[”\"」』’']")
_SHOUTED = re.compile(r"喊|叫|呼救|嚷")
# What only an emergency in progress says: a kidnapping's ransom and threat
# to the hostage, a search still going on after hours, people down a shaft
# for minutes. Anywhere in the trigger's window it needs no other sign of
# "now", unless its own clause or the trigger's is told as past.
_STILL_HAPPENING = re.compile(
    r"撕票|赎金|不许报警|不准报警|(人|孩子|儿子|女儿)在.{0,2}(他|他们|我)手上|"
    r"(小时|分钟)了?(还|都)没(找到|找着)|"
    r"(下去|进去|掉下去|掉进去|困住|被困)了?已经[^,，。]{0,4}(分钟|小时)了"
)
# A long quotation introduced as something seen or passed on ("群里有人转发：
# “紧急扩散！公园有人持刀伤人…”") is hearsay: it counts only when the
# citizen's own words around it say "now".
_LONG_QUOTE = re.compile(r"[“\"「『][^”\"」』\n]{9,160}[”\"」』]")
_HEARSAY = re.compile(r"看到|转发|发的|发了|写着|群里|朋友圈|扩散|传言|网上")
# A long, written complaint (most board-style messages) mentions fires and
# fights of the past in passing; in one, a trigger counts only next to words
# that say it is happening now.
LONG_MESSAGE = 120
# Four or more space-separated chunks of at most 2.5 characters on average
# are words typed one by one, not clauses.
SPACED_WORDS_MIN = 4
SPACED_WORD_CHARS = 2.5
# "刚刚看了个视频" says when the citizen watched, not when it happened.
# Regex sources, spliced into _HAPPENING_NOW and _PRESENT.
_WATCHED = (
    r"(新闻|视频|电视|电视剧|网上|朋友圈|群里|小区群|业主群|家长群|微信群|"
    r"抖音|快手|直播|短视频|小说|电影)"
)
_NOT_JUST_WATCHED = (
    rf"(?!我?(在{_WATCHED}[上里]?(看|刷|听)|(看|刷|听)(了|到|完)?(一个|个|一条|条)?{_WATCHED}))"
)
# Signs of now that both lists below share: "just now" (not "just watched"),
# and a crew sent for (not "请派人来修", which asks 12345 to send someone).
_JUST_NOW = rf"(刚刚|刚才|(几|一两|两三|\d+|[一两三五十])分钟前){_NOT_JUST_WATCHED}"
_SEND_A_CREW = r"快派|请派(?!人来?(修|处理|维修|检查|清理|管))"
_HAPPENING_NOW = re.compile(
    rf"(正在|{_JUST_NOW}|此刻|快来|快救|救救|{_SEND_A_CREW}|赶紧派|不说了|先不说了|先别管了|下不来|还没(扑)?灭|快报警|灭不了|灭不掉|扑不灭|越烧越|控制不住|"
    r"就在(门外|门口|楼下|外面).{0,4}(踹|砸|骂|堵|敲|撬)|在门外(踹|砸|敲|撬)|赶紧(?:来|救|报警|叫)|这会儿|此时此刻|(烟|火|味|水)[^,，。]{0,2}越来越(浓|大|旺|重|高)|救命(?!钱|的钱|稻草|路)|求救|马上来|"
    r"现已(?!出院|康复|痊愈|好转|解决|处理)|当前时间|(伤者|伤员|病人|患者)(目前|现在|仍)(?![^,，。]{0,6}(住院|出院|在医院|康复|治疗))|现在就|(?<!到)现在还在(?!家|医院|住院|治疗|休养|恢复|养伤|拖)|还在(?=.{0,6}(挥|砍|打|追|烧|冒|踹|砸|撬))|"
    r"(?:目前|至今|一直|还)被?困在|又在(打|砍|砸|踹|追|烧|冒)|人命要紧|人命关天|我就?在现场|(在泼|在浇|在扑|在救火|在灭火)|"
    r"(?<![到至从])现在(?=有人|有两|有三|有几|有个|有一|都在|全都?在|都上|又在|又来|又(在|烧|着|冒|打)|正)|"
    r"(他|她|对方|那人|那个人|那个男的)现在(?!已经|还没|在医院|住院|出院|怎么样|在哪)|这次不一样|这回不一样|一直在(打|抽)(孩子|小孩|人|她|他|老婆)|(到现在|现在)还在(打|抽|砍|踹|砸)|还有(气(?!味)|呼吸|心跳)|身上还是?热的)"
)
# A long post with a call for a crew to come at once ("请马上派消防车",
# "请消防队马上过来破门救人", "求你们马上派警察来") reports an emergency
# after (or before) its background story; its triggers are then judged as
# in a chat message, where past words near them do not hide them. Only a
# named crew counts: "请派人来处理" asks 12345 to send someone, not the
# police, and "请派交警来查处" asks for enforcement later.
_CREW = r"(消防车|消防队|消防员|消防|警察|民警|交警|救护车|急救车|医生|救援人员|救援队)"
_URGENTLY = r"(马上|赶紧|赶快|立即|立刻|快|速|尽快)"
_DISPATCH = re.compile(
    rf"{_URGENTLY}[^，,。！!]{{0,3}}派[^，,。！!]{{0,3}}{_CREW}|"
    rf"派{_CREW}[^，,。！!]{{0,2}}{_URGENTLY}|"
    rf"{_CREW}[^，,。！!]{{0,3}}{_URGENTLY}[^，,。！!]{{0,3}}(过来|来|赶来|到场)|"
    # crews that only ever come to an emergency, and what only they do
    r"请派[^，,。！!]{0,4}(消防车|消防队|消防员|救护车|急救车|救援人员|救援队|船)|"
    r"派[^，,。！!]{0,4}(破门|破窗)|(民警|警察)来(抓|制止)|现在先求救|"
    r"(立即|马上|赶紧|赶快|立刻)派人来?(处置|救)|"
    # formal reports: "请求公安机关立即出警", "请求交警及救护到场处理"
    r"请求[^，,。]{0,4}(公安|警方|民警|派出所|消防|交警|救护|医疗|120|110|119)[^，,。]{0,8}"
    r"(立即|马上|尽快|迅速)?(出警|出动|到场|救援|解救|处理)|"
    # a call repeated in panic: "快来 快来", "快快快"
    r"快来[，,!！]*快来|快快快|"
    # someone too ill to wait: "得赶紧送县医院"
    r"(得|要|需要|必须)(赶紧|马上|立刻|立即)送[^，,。！!]{0,2}医院|"
    r"请求[^，,。]{0,4}(立即|马上|尽快|迅速)派出?[^，,。]{0,4}(警力|警察|民警|消防|救护车|救援)|接应(救护车|消防车)"
)
# A state that holds while the citizen writes, beside the emergency word: the
# victim still answers or bleeds, people are still trapped or climbing out.
# Long posts that tell the background first often say "now" only this way
# ("驾驶室压扁了一半，司机被卡在里面，…他还能应声").
_ONGOING = re.compile(
    r"还没找到|(一直|还)没回来|(?<![现正])在冒(火|烟)|一直在?咳|上不来|爬不上来|还能(应声|说话|喊|动|听到|听见)|还在(流|渗|喊|哭|吐|抽|冒|烧|往外|车里|里面|底下|下面|打|叫|挣扎)|"
    r"一直在?(渗|流血|吐|抽|喊|哭|叫|冒)|在往外(爬|跑|冒|钻)|"
    r"被?(卡|困|压)在[^,，。]{0,6}(里面|中间|底下|下面|车里|车内|驾驶室)(?!的)|现场有[^,，。]{0,6}在|"
    r"已经[^,，。]{0,4}(叫不醒|不省人事|没了?(意识|反应|知觉)|坐不住|站不起来|说不出话|打起来)"
)
# Where a sentence ends: a sign of "now" said earlier in the trigger's sentence
# holds for the rest of it ("此刻该处一辆罐车与轿车发生碰撞，…驾驶员被困车内").
_SENTENCE_END = re.compile(r"[。！？!?；;\n]")
# In a long message the sign of "now" must be this close to the trigger.
NOW_DISTANCE = 16
_PRESENT = re.compile(
    rf"(正在|这会儿|(?<![现正])在(漏气|喷)|(?<![到至])现在(?!已经?|都?没|看不|好了|身体|恢复|还可以|还好|说话|走路|还有点|能|可以|生活|行动)|{_SEND_A_CREW}|{_JUST_NOW}|马上|快来|快救|快叫|赶紧|"
    r"救命(?!钱|的钱|稻草)|紧急(?!扩散|通知)|求救|此刻|就在(?!那里|这里|那儿|这儿))"
)
_CLAUSE_MARKS = "，,。！？!?；;\n"
_CLAUSE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;\n]*")


@dataclass(frozen=True, slots=True)
class EmergencyMatch:
    """An emergency detected in a message."""

    line: str  # "110" | "119" | "120" | "122"
    trigger: str  # the matched words, for logs and audit


def _sentences(text: str) -> list[str]:
    return [m.group(0) for m in _CLAUSE.finditer(text)] or [text]


def _windows(sentences: list[str]) -> list[str]:
    """Each sentence with its neighbours: the context a trigger is judged in."""
    return ["".join(sentences[max(0, i - 1) : i + 2]) for i in range(len(sentences))]


def _clause_at(window: str, position: int) -> tuple[int, int]:
    """Start and end of the comma-delimited clause of ``window`` that holds ``position``."""
    start = max(window.rfind(mark, 0, position) for mark in _CLAUSE_MARKS) + 1
    ends = [e for e in (window.find(mark, position) for mark in _CLAUSE_MARKS) if e >= 0]
    return start, min(ends, default=len(window))


def _cue_near(
    cues: re.Pattern[str], window: str, trigger: re.Match[str], start: int, end: int
) -> bool:
    """Whether a cue other than the trigger itself occurs in ``window[start:end]``."""
    return any(
        cue.start() < trigger.start() or cue.end() > trigger.end()
        for cue in cues.finditer(window, max(0, start), min(len(window), end))
    )


def _resolved_after(window: str, trigger: re.Match[str]) -> bool:
    """Whether the window says the danger is over after ``trigger``, and nothing says it is back."""
    resolved = _RESOLVED.search(window, trigger.end())
    return resolved is not None and _HAPPENING_NOW.search(window, resolved.end()) is None


def _quoted(window: str, trigger: re.Match[str]) -> bool:
    """Whether the trigger sits in a short quotation: "嘴里“着火了”", "要“救命”".

    A shout is not a figure of speech: "楼下有人一直喊“救命”" still counts.
    """
    for quote in _QUOTED.finditer(window):
        if quote.start() < trigger.start() and trigger.end() < quote.end():
            return not _SHOUTED.search(window[max(0, quote.start() - 3) : quote.start()])
    return False


def _hearsay(window: str, trigger: re.Match[str]) -> bool:
    """Whether the trigger sits in a long quotation passed on, and nothing outside it says now.

    "这是我在朋友圈看到的：“东区化工厂爆炸，赶紧撤离！”…请问能不能辟谣": the
    quotation's own "赶紧" is the rumour's, not the citizen's.
    """
    for quote in _LONG_QUOTE.finditer(window):
        if quote.start() < trigger.start() and trigger.end() < quote.end():
            frame = window[max(0, quote.start() - 16) : quote.start()]
            if any(
                not said.group(0).startswith(("担心", "怕")) for said in _NOT_NOW.finditer(frame)
            ):
                return True  # "几乎每天晚上都会大声喊“救命啊，有人要杀我”"
            if not _HEARSAY.search(frame) or "我" in quote.group(0):
                return False  # a relayed cry for help: "邻居发消息说：“我家着火了”"
            outside = window[: quote.start()] + "。" + window[quote.end() :]
            return not (_HAPPENING_NOW.search(outside) or _PRESENT.search(outside))
    return False


def _compact(text: str) -> str:
    """The message with its spaces made clause marks, or dropped when they split words.

    Chat messages often separate clauses with spaces ("着火了 快来"); some
    writers (deaf people, slow typists) put a space between every word or
    two ("去年 家里 着火 烧了 房子"), and those spaces are no clause marks.
    """
    chunks = text.split()
    if len(chunks) >= SPACED_WORDS_MIN and sum(map(len, chunks)) / len(chunks) <= SPACED_WORD_CHARS:
        return "".join(chunks)
    return re.sub(r"\s+", "，", text)


def _harmless_smoke(window: str, trigger: re.Match[str]) -> bool:
    """Smoke from a barbecue, a cigarette or burnt offerings, with no fire in sight."""
    return (
        _SMOKE_OR_CHOKING.fullmatch(trigger.group(0)) is not None
        and _SMOKE_SOURCE.search(window) is not None
        and _FIRE.search(window) is None
    )


def _told_as_fiction(window: str, trigger: re.Match[str]) -> bool:
    """Whether a film, a game or a dream told before the trigger frames it.

    The frame may be set in the sentence before ("看一部消防题材的电视剧。…浓烟
    滚滚"); a turn back to real life between frame and trigger ("突然闻到",
    "楼下") ends it, because people do watch TV when a real fire starts.
    """
    frame_end = -1
    for frame in _FICTION.finditer(window, 0, trigger.start()):
        frame_end = frame.end()
    return frame_end >= 0 and _TURN.search(window, frame_end, trigger.start()) is None


def _denied(window: str, trigger: re.Match[str]) -> bool:
    """Whether a negation just before the trigger denies it ("没着火", "也没打起来").

    A rhetorical question ("这不是着火了吗") affirms instead, and "我不会心肺复苏"
    denies a skill, not the emergency.
    """
    if _ACTION.fullmatch(trigger.group(0)) or not _NEGATED.search(
        window, max(0, trigger.start() - 7), trigger.start()
    ):
        return False
    clause_end = _clause_at(window, trigger.start())[1]
    return _ASKED_BACK.search(window, trigger.end(), clause_end) is None


def _is_current(window: str, trigger: re.Match[str], long_message: bool, called: bool) -> bool:
    """Whether ``trigger`` reports something happening now.

    ``called``: the message ends by calling a crew at once, which says "now"
    for the whole message; a past word in the trigger's own clause still
    counts against it.
    """
    for figurative in _FIGURATIVE.finditer(window):
        # The figure must hold most of the emergency word, not merely touch it.
        overlap = min(trigger.end(), figurative.end()) - max(trigger.start(), figurative.start())
        if overlap * 2 >= trigger.end() - trigger.start():
            return False
    if _quoted(window, trigger) or _hearsay(window, trigger):
        return False
    if _denied(window, trigger) or _harmless_smoke(window, trigger):
        return False
    if _told_as_fiction(window, trigger):
        return False
    if _resolved_after(window, trigger):
        return False
    clause = _clause_at(window, trigger.start())
    # A sign of "now" counts in the trigger's clause or a neighbouring one
    # ("就在刚才，一辆渣土车把学生刮倒了").
    before = _clause_at(window, max(0, clause[0] - 2))
    after = _clause_at(window, min(len(window) - 1, clause[1] + 1))
    strong_now = _cue_near(_HAPPENING_NOW, window, trigger, before[0], after[1])
    if _still_happening(window, clause):
        return True
    if long_message:
        # A written complaint tells its story in the past around the trigger
        # ("被老板殴打，事后报警"): "now" must hold for the clauses either side too.
        if _NOT_NOW.search(window, before[0], after[1]):
            return False
        return (
            strong_now
            or _ongoing_beside(window, trigger)
            or _now_earlier_in_sentence(window, trigger, after[1])
        )
    if _NOT_NOW.search(window, *clause):
        # "去年就起火过一次", "上班晕倒算工伤吗": only a strong sign of now overrides.
        return _cue_near(_HAPPENING_NOW, window, trigger, *clause)
    near = _cue_near(
        _PRESENT, window, trigger, trigger.start() - NOW_DISTANCE, trigger.end() + NOW_DISTANCE
    )
    return (
        strong_now
        or near
        or _ongoing_beside(window, trigger)
        or called
        or _now_earlier_in_sentence(window, trigger, after[1])
        or not _NOT_NOW.search(window)
    )


def _still_happening(window: str, clause: tuple[int, int]) -> bool:
    """Whether the window tells what only an emergency in progress says (a ransom, a search).

    Neither the trigger's clause nor the sign's own may be told as past.
    """
    return not _NOT_NOW.search(window, *clause) and any(
        not _NOT_NOW.search(window, *_clause_at(window, still.start()))
        for still in _STILL_HAPPENING.finditer(window)
    )


def _ongoing_beside(window: str, trigger: re.Match[str]) -> bool:
    """Whether a state that holds now is told beside the trigger, within its sentence.

    The clause before the trigger and the rest of its sentence count ("驾驶室
    压扁了一半，司机被卡在里面，我们在外面喊他，他还能应声"), and no past word
    may stand among them ("上个月…冒着浓烟把困在里面的老人背了出来" tells a
    rescue that is over).
    """
    sentence_start = _sentence_start(window, trigger.start())
    start = _clause_at(window, trigger.start())[0]
    if start > sentence_start:
        start = max(sentence_start, _clause_at(window, start - 2)[0])
    sentence_end = _SENTENCE_END.search(window, trigger.end())
    end = sentence_end.start() if sentence_end else len(window)
    if _NOT_NOW.search(window, start, end):
        return False
    # A cue that merely extends the trigger ("被困在" -> "被困在里面") adds nothing.
    return any(
        cue.start() != trigger.start()
        and (cue.start() < trigger.start() or cue.end() > trigger.end())
        for cue in _ONGOING.finditer(window, start, end)
    )


def _sentence_start(window: str, position: int) -> int:
    """Where the sentence of ``window`` that holds ``position`` begins."""
    start = 0
    for end in _SENTENCE_END.finditer(window, 0, position):
        start = end.end()
    return start


def _now_earlier_in_sentence(window: str, trigger: re.Match[str], until: int) -> bool:
    """Whether "now" is said earlier in the trigger's sentence, and nothing past follows it.

    "此刻该处一辆水泥罐车与一辆小型轿车发生碰撞，轿车被挤在…，驾驶员被困车内":
    "此刻" opens the report and holds to the end of the sentence.
    """
    cues = list(
        _HAPPENING_NOW.finditer(window, _sentence_start(window, trigger.start()), trigger.start())
    )
    return bool(cues) and _NOT_NOW.search(window, cues[-1].start(), until) is None


@dataclass(frozen=True, slots=True)
class EmergencyReading:
    """What the rules read in a message.

    ``dismissed`` says the rules set an emergency aside: an emergency word
    was there but its context said it is not happening now (a past event, a
    question, a hazard, a figure of speech), or the message says a danger is
    over ("没人受伤，已经挪车了"). The model then needs more certainty to
    raise an alarm alone.
    """

    match: EmergencyMatch | None
    dismissed: bool
    # Not dismissed, but the message reads as past, a question or a worry
    # ("担心哪天会塌"), and nothing in it says "now".
    doubtful: bool = False


def read_emergency(text: str) -> EmergencyReading:
    """Judge the emergency words of ``text``, sentence by sentence, until one is current.

    See ``detect_emergency`` for what counts; the reading also says whether
    the model should be held to a higher bar.
    """
    compact = _compact(simplified(text).strip())
    sentences = _sentences(compact)
    called = _calls_crew(sentences)
    long_message = len(re.sub(r"[\W_]", "", compact)) > LONG_MESSAGE and not called
    windows = _windows(sentences)
    # "没人受伤，已经挪车了": the danger is over even where no rule fired.
    dismissed = _RESOLVED.search(compact) is not None
    if _TESTING.search(compact):
        # Someone trying the bot out: "测试一下 着火了 你会怎么回".
        return EmergencyReading(None, True)
    for line, pattern in _LINES:
        for window in windows:
            for found in pattern.finditer(window):
                if line == "122" and not _VEHICLE.search(window):
                    continue  # "头撞到石阶": a fall, not a road accident
                if _is_current(window, found, long_message, called):
                    match = EmergencyMatch(line=line, trigger=found.group(0))
                    line_to_call = _crash_over_smoke(match, windows, long_message, called)
                    return EmergencyReading(line_to_call, False)
                dismissed = True
    return EmergencyReading(None, dismissed, doubtful=not dismissed and _doubtful(compact))


def _crash_over_smoke(
    match: EmergencyMatch, windows: list[str], long_message: bool, called: bool
) -> EmergencyMatch:
    """A crashed car that smokes is a 122 call: the traffic police bring the fire brigade."""
    if match.line != "119" or not _SMOKE.fullmatch(match.trigger):
        return match
    for window in windows:
        for found in _CRASH.finditer(window):
            if _is_current(window, found, long_message, called):
                return EmergencyMatch(line="122", trigger=found.group(0))
    return match


def _calls_crew(sentences: list[str]) -> bool:
    """Whether a sentence calls for a crew at once, and nothing in it says the danger is over."""
    return any(
        _DISPATCH.search(sentence) is not None and _RESOLVED.search(sentence) is None
        for sentence in sentences
    )


def _doubtful(compact: str) -> bool:
    """Whether the message talks of the past, a question or a worry, and nothing says "now"."""
    return _NOT_NOW.search(compact) is not None and _HAPPENING_NOW.search(compact) is None


def detect_emergency(text: str) -> EmergencyMatch | None:
    """Return the line to call, or ``None`` when the message is not an emergency.

    Args:
        text: the citizen's message, as written.

    Returns:
        The first matching line in priority order, judged sentence by
        sentence: a trigger counts unless its sentence and the ones beside
        it read as a question or complaint about a service, a past event or
        a hazard (and show no sign of urgency now), say the danger is over,
        or use it as a figure of speech ("救命钱", "头都要炸了").
    """
    return read_emergency(text).match
