package io.vigil.testsupport.contract;

import io.reactivex.Flowable;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import javax.annotation.processing.Generated;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.CustomError;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.BaseEventResponse;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Contract;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * <p>Auto generated code.
 * <p><strong>Do not modify!</strong>
 * <p>Please use the <a href="https://docs.web3j.io/command_line.html">web3j command line tools</a>,
 * or the org.web3j.codegen.SolidityFunctionWrapperGenerator in the 
 * <a href="https://github.com/LFDT-web3j/web3j/tree/main/codegen">codegen module</a> to update.
 *
 * <p>Generated with web3j version 5.0.2.
 */
@SuppressWarnings("rawtypes")
@Generated("org.web3j.codegen.SolidityFunctionWrapperGenerator")
public class ChannelHub extends Contract {
    public static final String BINARY = "60c060405234801561000f575f5ffd5b50466080526100bb604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527ff75b27872026d13876191187fa0192cde378e2bb7a31fa54e5548e335c5df10b918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b60a05260805160a0516129e06100df5f395f611d1b01525f611c4701526129e05ff3fe6080604052600436106100e4575f3560e01c80637a7ebd7b11610087578063b214faa511610057578063b214faa514610295578063c38fb27a146102a8578063ce513b6f146102c7578063f698da25146102e6575f5ffd5b80637a7ebd7b146101e757806380c1e70614610213578063928d506f14610243578063987757dd14610276575f5ffd5b80635197905f116100c25780635197905f14610163578063685f145c146101765780636a87f74d1461019557806377f1a183146101b4575f5ffd5b80630212402e146100e85780633ccfd60b146101095780634323799e1461011d575b5f5ffd5b3480156100f3575f5ffd5b506101076101023660046124e2565b6102fa565b005b348015610114575f5ffd5b506101076107d1565b348015610128575f5ffd5b506101507f03260e45720d2be48b0c0eacacad1ebe25e5a91b3e42384ac796c51e6d7a649a81565b6040519081526020015b60405180910390f35b6101506101713660046125a2565b610905565b348015610181575f5ffd5b506101076101903660046124e2565b610cd3565b3480156101a0575f5ffd5b506101076101af3660046125db565b610e94565b3480156101bf575f5ffd5b506101507faea5b979ff48bae2414ec4a7c1c801dad2317df3868313f5274c66ae2f4888d781565b3480156101f2575f5ffd5b5061020661020136600461268b565b611294565b60405161015a9190612708565b34801561021e575f5ffd5b5061022a6301e1338081565b60405167ffffffffffffffff909116815260200161015a565b34801561024e575f5ffd5b506101507fc6de2a263054cb45547d6dbd5945f39ce91446cfd812f4b516522d5dd459a77981565b348015610281575f5ffd5b5061010761029036600461268b565b611575565b6101076102a336600461268b565b6117fd565b3480156102b3575f5ffd5b506101076102c23660046124e2565b611a5f565b3480156102d2575f5ffd5b506101506102e1366004612848565b611c00565b3480156102f1575f5ffd5b50610150611c44565b84355f818152602081905260409020906103179082906001611d3d565b805473ffffffffffffffffffffffffffffffffffffffff1633148015816103585750600182015473ffffffffffffffffffffffffffffffffffffffff163314155b1561039d576040517f49ce38ac000000000000000000000000000000000000000000000000000000008152873560048201523360248201526044015b60405180910390fd5b6002820154700100000000000000000000000000000000900467ffffffffffffffff16806103d160408a0160208b01612861565b67ffffffffffffffff161015610438576103f16040890160208a01612861565b6040517fadb9a6bb00000000000000000000000000000000000000000000000000000000815267ffffffffffffffff91821660048201529082166024820152604401610394565b5f61044960408a0160208b01612861565b67ffffffffffffffff165f036105405783547401000000000000000000000000000000000000000090046bffffffffffffffffffffffff1660408a01351415806104c1575060018401547401000000000000000000000000000000000000000090046bffffffffffffffffffffffff1660608a013514155b1561053557835460018501546040517ff01d4d100000000000000000000000000000000000000000000000000000000081526bffffffffffffffffffffffff740100000000000000000000000000000000000000009384900481166004830152929091049091166024820152604401610394565b50604088013561057c565b61056f847fc6de2a263054cb45547d6dbd5945f39ce91446cfd812f4b516522d5dd459a7798b8b8b8b8b611e67565b610579848a611fdb565b90505b60028401545f906105a3906c01000000000000000000000000900463ffffffff16426128a7565b90506105b560408b0160208c01612861565b600286810180547fffffff00000000000000000000000000ffffffffffffffffffffffffffffffff1670010000000000000000000000000000000067ffffffffffffffff94909416939093027fffffff0000000000ffffffffffffffffffffffffffffffffffffffffffffffff1692909217780100000000000000000000000000000000000000000000000064ffffffffff851602178083559091907fffff00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffff167d0100000000000000000000000000000000000000000000000000000000008302179055508385600201601e6101000a81548160ff02191690831515021790555081856003015f6101000a8154816bffffffffffffffffffffffff02191690836bffffffffffffffffffffffff1602179055503373ffffffffffffffffffffffffffffffffffffffff168a5f01357f3c88e72b11b93792e365b5c1dfc3c6891157027c09b66dab0ae3a0efb843a86b875f015f9054906101000a900473ffffffffffffffffffffffffffffffffffffffff16886001015f9054906101000a900473ffffffffffffffffffffffffffffffffffffffff168e602001602081019061077c9190612861565b6040805173ffffffffffffffffffffffffffffffffffffffff948516815292909316602083015267ffffffffffffffff908116828401528616606082015290519081900360800190a350505050505050505050565b335f908152600260205260409020546001811161081c576040517fdc69dc16000000000000000000000000000000000000000000000000000000008152336004820152602401610394565b5f6108286001836128c7565b335f81815260026020526040908190206001905551919250907f7084f5476618d8e60b11ef0d7d3f06914655adb8793e28ff7f018d4c76d505d5906108709084815260200190565b60405180910390a26040515f90339083908381818185875af1925050503d805f81146108b7576040519150601f19603f3d011682016040523d82523d5f602084013e6108bc565b606091505b5050905080610900576040517f1c43b97600000000000000000000000000000000000000000000000000000000815233600482015260248101839052604401610394565b505050565b5f73ffffffffffffffffffffffffffffffffffffffff8416158061093e575073ffffffffffffffffffffffffffffffffffffffff841633145b1561098d576040517f1e1c2ff700000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff85166004820152602401610394565b67ffffffffffffffff831615806109b157506301e1338067ffffffffffffffff8416115b156109f4576040517f1390a14b00000000000000000000000000000000000000000000000000000000815267ffffffffffffffff84166004820152602401610394565b6bffffffffffffffffffffffff821115610a3d576040517fc485541900000000000000000000000000000000000000000000000000000000815260048101839052602401610394565b6bffffffffffffffffffffffff341115610a85576040517fff740679000000000000000000000000000000000000000000000000000000008152346004820152602401610394565b60408051466020820152309181019190915233606082015273ffffffffffffffffffffffffffffffffffffffff851660808201524360a082015260c001604080517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe081840301815291815281516020928301205f818152928390529082209092509060028201547d010000000000000000000000000000000000000000000000000000000000900460ff166003811115610b4157610b416126a2565b14610b7b576040517f45c908fa00000000000000000000000000000000000000000000000000000000815260048101839052602401610394565b6bffffffffffffffffffffffff34818116740100000000000000000000000000000000000000000233908117845560018401805473ffffffffffffffffffffffffffffffffffffffff8a167fffffffffffffffffffffffff0000000000000000000000000000000000000000909116811790915560028501805463ffffffff8a166c01000000000000000000000000027fffffffffffffffffffffffffffffffff0000000000000000000000000000000090911695891695909517949094177fffff00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffff167d010000000000000000000000000000000000000000000000000000000000179093556040805192835267ffffffffffffffff8816602084015282810187905251909185917f7e7f3f05060cba001ffe2bfc5f40ec8c7b2ecab8a1b063a91bd4a67c236014b19181900360600190a4509392505050565b84355f81815260208190526040902090610cf09082906001611d3d565b6002810154700100000000000000000000000000000000900467ffffffffffffffff16610d236040880160208901612861565b67ffffffffffffffff1611610da357610d426040870160208801612861565b60028201546040517f0a5a472500000000000000000000000000000000000000000000000000000000815267ffffffffffffffff92831660048201527001000000000000000000000000000000009091049091166024820152604401610394565b610dd2817fc6de2a263054cb45547d6dbd5945f39ce91446cfd812f4b516522d5dd459a7798888888888611e67565b610ddc8187611fdb565b50610ded6040870160208801612861565b60028201805467ffffffffffffffff92909216700100000000000000000000000000000000027fffffffffffffffff0000000000000000ffffffffffffffffffffffffffffffff90921691909117905585357f56ac2c5a45012e8039950be149f2094f99dd6c5ad88fddc9b6cd4a6402b570d9610e706040890160208a01612861565b60405167ffffffffffffffff909116815260200160405180910390a2505050505050565b86355f81815260208190526040902090610eb19082906002611d3d565b60028101547801000000000000000000000000000000000000000000000000900464ffffffffff1642811015610f1f576040517fd97b135100000000000000000000000000000000000000000000000000000000815267ffffffffffffffff82166004820152602401610394565b6002820154700100000000000000000000000000000000900467ffffffffffffffff16610f5260408b0160208c01612861565b67ffffffffffffffff1611610fd257610f7160408a0160208b01612861565b60028301546040517f0a5a472500000000000000000000000000000000000000000000000000000000815267ffffffffffffffff92831660048201527001000000000000000000000000000000009091049091166024820152604401610394565b611001827fc6de2a263054cb45547d6dbd5945f39ce91446cfd812f4b516522d5dd459a7798b8b8b8b8b611e67565b5f61100c838b611fdb565b60028401549091505f907e01000000000000000000000000000000000000000000000000000000000000900460ff1661105c57835473ffffffffffffffffffffffffffffffffffffffff16611078565b600184015473ffffffffffffffffffffffffffffffffffffffff165b604080517faea5b979ff48bae2414ec4a7c1c801dad2317df3868313f5274c66ae2f4888d760208201528d35918101919091523360608201529091505f906110d9906080015b6040516020818303038152906040528051906020012061214b565b90505f8273ffffffffffffffffffffffffffffffffffffffff166110fe838a8a6121ac565b73ffffffffffffffffffffffffffffffffffffffff161461111f5782611121565b335b905061113360408e0160208f01612861565b6002808801805467ffffffffffffffff93909316700100000000000000000000000000000000027fffffffffffffffff0000000000000000ffffffffffffffffffffffffffffffff9093169290921790915573ffffffffffffffffffffffffffffffffffffffff82166c0100000000000000000000000081026bffffffffffffffffffffffff87161760038901555f908152602091909152604081205490036111ff5773ffffffffffffffffffffffffffffffffffffffff81165f908152600260205260409020600190555b3373ffffffffffffffffffffffffffffffffffffffff168d5f01357fd79eaaa3ffcbc695a02f0ec8697b8c62c94468c642cb8a881c416cd0011deff78f602001602081019061124e9190612861565b6040805167ffffffffffffffff909216825273ffffffffffffffffffffffffffffffffffffffff861660208301520160405180910390a350505050505050505050505050565b604080516101a0810182525f8082526020808301828152838501838152606085018481526080860185815260a0870186815260c0880187815260e089018881526101008a018981526101208b018a90526101408b018a90526101608b018a90526101808b018a90528c8a529789905299909720805473ffffffffffffffffffffffffffffffffffffffff8082168b52600183015490811690975274010000000000000000000000000000000000000000908190046bffffffffffffffffffffffff9081169096529095048416909252600284015492831690526c01000000000000000000000000820463ffffffff16905267ffffffffffffffff7001000000000000000000000000000000008204169093527801000000000000000000000000000000000000000000000000830464ffffffffff16909452919291907d010000000000000000000000000000000000000000000000000000000000900460ff166003811115611405576114056126a2565b90816003811115611418576114186126a2565b9052506002808201547d010000000000000000000000000000000000000000000000000000000000900460ff166003811115611456576114566126a2565b0361156f5760028101547e01000000000000000000000000000000000000000000000000000000000000900460ff166114a957600181015473ffffffffffffffffffffffffffffffffffffffff166114c2565b805473ffffffffffffffffffffffffffffffffffffffff165b73ffffffffffffffffffffffffffffffffffffffff1661012083015260038101546bffffffffffffffffffffffff908116610140840181905260018301548354919261152d9274010000000000000000000000000000000000000000928390048216929004166128da565b61153791906128c7565b61016083015260038101546c01000000000000000000000000900473ffffffffffffffffffffffffffffffffffffffff166101808301525b50919050565b5f81815260208190526040902061158e81836002611d3d565b60028101547801000000000000000000000000000000000000000000000000900464ffffffffff164281106115fb576040517f77caa19c00000000000000000000000000000000000000000000000000000000815267ffffffffffffffff82166004820152602401610394565b6003820154600183015483546bffffffffffffffffffffffff928316925f928492611646927401000000000000000000000000000000000000000092839004811692909104166128da565b61165091906128c7565b60038501549091506c01000000000000000000000000900473ffffffffffffffffffffffffffffffffffffffff165f81156116f9575060028501546bffffffffffffffffffffffff8116907e01000000000000000000000000000000000000000000000000000000000000900460ff16156116e157838111156116d05750825b6116da81856128c7565b93506116f9565b828111156116ec5750815b6116f681846128c7565b92505b85546001870180546002890180547fffff00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffff167d0300000000000000000000000000000000000000000000000000000000001790555f808a5591829055600389019190915573ffffffffffffffffffffffffffffffffffffffff918216911661177f82876122fa565b61178981866122fa565b61179384846122fa565b604080518781526020810187905290810184905273ffffffffffffffffffffffffffffffffffffffff8516606082015289907f501ebfce3c93563530bb1a48a993894a904c423730b5aa697010202eab3e65e19060800160405180910390a2505050505050505050565b5f81815260208190526040902061181681836001611d3d565b345f0361184f576040517f56316e8700000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b805460018201546bffffffffffffffffffffffff7401000000000000000000000000000000000000000092839004811692909104165f61188f82846128da565b90505f61189c34836128da565b90506bffffffffffffffffffffffff8111156118e7576040517fff74067900000000000000000000000000000000000000000000000000000000815260048101829052602401610394565b6118f28460016128da565b5f878152600160209081526040808320868452909152902055845473ffffffffffffffffffffffffffffffffffffffff16330361197d5761193334856128da565b85546bffffffffffffffffffffffff91909116740100000000000000000000000000000000000000000273ffffffffffffffffffffffffffffffffffffffff909116178555611a1a565b600185015473ffffffffffffffffffffffffffffffffffffffff1633036119df576119a834846128da565b8560010160146101000a8154816bffffffffffffffffffffffff02191690836bffffffffffffffffffffffff160217905550611a1a565b6040517f49ce38ac00000000000000000000000000000000000000000000000000000000815260048101879052336024820152604401610394565b6040805134815260208101839052339188917f2dcdaad87b561ba5a69835009b4c53ef9d3c41ca6cc9574049187659d6c6a715910160405180910390a3505050505050565b84355f81815260208190526040902090611a7c9082906001611d3d565b611aab817f03260e45720d2be48b0c0eacacad1ebe25e5a91b3e42384ac796c51e6d7a649a8888888888611e67565b5f611ab68288611fdb565b600183015483549192505f918391611afb916bffffffffffffffffffffffff7401000000000000000000000000000000000000000092839004811692909104166128da565b611b0591906128c7565b83546001850180546002870180547fffff00ffffffffffffffffffffffffffffffffffffffffffffffffffffffffff167d0300000000000000000000000000000000000000000000000000000000001790555f80885591829055600387019190915591925073ffffffffffffffffffffffffffffffffffffffff9081169116611b8e82856122fa565b611b9881846122fa565b89357fa45ac690a794954604e3e2d1dff03a6bb4cfe52b964c5d05444771a6550b1477611bcb60408d0160208e01612861565b6040805167ffffffffffffffff909216825260208201889052810186905260600160405180910390a250505050505050505050565b73ffffffffffffffffffffffffffffffffffffffff81165f908152600260205260408120548015611c3b57611c366001826128c7565b611c3d565b5f5b9392505050565b5f7f00000000000000000000000000000000000000000000000000000000000000004614611d1857611d13604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527ff75b27872026d13876191187fa0192cde378e2bb7a31fa54e5548e335c5df10b918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b905090565b507f000000000000000000000000000000000000000000000000000000000000000090565b60028301547d010000000000000000000000000000000000000000000000000000000000900460ff16816003811115611d7857611d786126a2565b816003811115611d8a57611d8a6126a2565b03611d955750505050565b5f816003811115611da857611da86126a2565b03611de2576040517fb08fc1cb00000000000000000000000000000000000000000000000000000000815260048101849052602401610394565b6001826003811115611df657611df66126a2565b03611e315782816040517f48aa64690000000000000000000000000000000000000000000000000000000081526004016103949291906128ed565b82816040517f91b7fe9d0000000000000000000000000000000000000000000000000000000081526004016103949291906128ed565b5f611ebd878735611e7e60408a0160208b01612861565b6040805160208101949094528381019290925267ffffffffffffffff1660608381019190915290890135608083015288013560a082015260c0016110be565b90505f611ecb828787612371565b895490915073ffffffffffffffffffffffffffffffffffffffff808316911614611f445788546040517f366d29f700000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff91821660048201529082166024820152604401610394565b5f611f50838686612371565b60018b015490915073ffffffffffffffffffffffffffffffffffffffff808316911614611fcf5760018a01546040517f366d29f700000000000000000000000000000000000000000000000000000000815273ffffffffffffffffffffffffffffffffffffffff91821660048201529082166024820152604401610394565b50505050505050505050565b815460018301545f916bffffffffffffffffffffffff7401000000000000000000000000000000000000000091829004811692849261201d92910416836128da565b905080846040013511806120345750808460600135115b15612091578084604001351161204e578360600135612054565b83604001355b6040517f98774370000000000000000000000000000000000000000000000000000000008152600481019190915260248101829052604401610394565b5f6120a4606086013560408701356128da565b90508181036120bc5784604001359350505050612145565b84355f9081526001602090815260408083208484529091528120549081900361211b576040517f987743700000000000000000000000000000000000000000000000000000000081526004810183905260248101849052604401610394565b6121266001826128c7565b61213090856128c7565b61213e9060408801356128da565b9450505050505b92915050565b5f612154611c44565b6040517f19010000000000000000000000000000000000000000000000000000000000006020820152602281019190915260428101839052606201604051602081830303815290604052805190602001209050919050565b5f604182146121bc57505f611c3d565b5f6121ca6020828587612901565b6121d391612928565b90505f6121e4604060208688612901565b6121ed91612928565b90505f8585604081811061220357612203612964565b919091013560f81c915050601b81101561222557612222601b82612991565b90505b7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a082118061226657508060ff16601b1415801561226657508060ff16601c14155b15612276575f9350505050611c3d565b604080515f81526020810180835289905260ff831691810191909152606081018490526080810183905260019060a0016020604051602081039080840390855afa1580156122c6573d5f5f3e3d5ffd5b50506040517fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffe0015198975050505050505050565b805f03612305575050565b73ffffffffffffffffffffffffffffffffffffffff82165f90815260026020526040902054818115612337578161233a565b60015b61234491906128da565b73ffffffffffffffffffffffffffffffffffffffff9093165f908152600260205260409020929092555050565b5f604182146123ac576040517f55a1e16e00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f6123ba6020828587612901565b6123c391612928565b90505f6123d4604060208688612901565b6123dd91612928565b90505f858560408181106123f3576123f3612964565b919091013560f81c915050601b81101561241557612412601b82612991565b90505b7f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a082118061245657508060ff16601b1415801561245657508060ff16601c14155b15612276576040517f55a1e16e00000000000000000000000000000000000000000000000000000000815260040160405180910390fd5b5f6080828403121561156f575f5ffd5b5f5f83601f8401126124ad575f5ffd5b50813567ffffffffffffffff8111156124c4575f5ffd5b6020830191508360208285010111156124db575f5ffd5b9250929050565b5f5f5f5f5f60c086880312156124f6575f5ffd5b612500878761248d565b9450608086013567ffffffffffffffff81111561251b575f5ffd5b6125278882890161249d565b90955093505060a086013567ffffffffffffffff811115612546575f5ffd5b6125528882890161249d565b969995985093965092949392505050565b803573ffffffffffffffffffffffffffffffffffffffff81168114612586575f5ffd5b919050565b803567ffffffffffffffff81168114612586575f5ffd5b5f5f5f606084860312156125b4575f5ffd5b6125bd84612563565b92506125cb6020850161258b565b9150604084013590509250925092565b5f5f5f5f5f5f5f60e0888a0312156125f1575f5ffd5b6125fb898961248d565b9650608088013567ffffffffffffffff811115612616575f5ffd5b6126228a828b0161249d565b90975095505060a088013567ffffffffffffffff811115612641575f5ffd5b61264d8a828b0161249d565b90955093505060c088013567ffffffffffffffff81111561266c575f5ffd5b6126788a828b0161249d565b989b979a50959850939692959293505050565b5f6020828403121561269b575f5ffd5b5035919050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b60048110612704577f4e487b71000000000000000000000000000000000000000000000000000000005f52602160045260245ffd5b9052565b815173ffffffffffffffffffffffffffffffffffffffff1681526101a08101602083015161274e602084018273ffffffffffffffffffffffffffffffffffffffff169052565b5060408301516040830152606083015160608301526080830151608083015260a083015161278860a084018267ffffffffffffffff169052565b5060c08301516127a460c084018267ffffffffffffffff169052565b5060e08301516127c060e084018267ffffffffffffffff169052565b506101008301516127d56101008401826126cf565b506101208301516127ff61012084018273ffffffffffffffffffffffffffffffffffffffff169052565b5061014083015161014083015261016083015161016083015261018083015161284161018084018273ffffffffffffffffffffffffffffffffffffffff169052565b5092915050565b5f60208284031215612858575f5ffd5b611c3d82612563565b5f60208284031215612871575f5ffd5b611c3d8261258b565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52601160045260245ffd5b67ffffffffffffffff81811683821601908111156121455761214561287a565b818103818111156121455761214561287a565b808201808211156121455761214561287a565b82815260408101611c3d60208301846126cf565b5f5f8585111561290f575f5ffd5b8386111561291b575f5ffd5b5050820193919092039150565b80356020831015612145577fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff602084900360031b1b1692915050565b7f4e487b71000000000000000000000000000000000000000000000000000000005f52603260045260245ffd5b60ff81811683821601908111156121455761214561287a56fea26469706673582212209136ec4e18c14c5192deae454d4daddf584997f08567083cb4539c70e52ab1f364736f6c63430008250033";

    private static String librariesLinkedBinary;

    public static final String FUNC_FINAL_STATE_TYPEHASH = "FINAL_STATE_TYPEHASH";

    public static final String FUNC_HUNTER_AUTHORIZATION_TYPEHASH = "HUNTER_AUTHORIZATION_TYPEHASH";

    public static final String FUNC_MAX_CHALLENGE_PERIOD = "MAX_CHALLENGE_PERIOD";

    public static final String FUNC_STATE_TYPEHASH = "STATE_TYPEHASH";

    public static final String FUNC_CHANNELS = "channels";

    public static final String FUNC_CHECKPOINT = "checkpoint";

    public static final String FUNC_CLOSE = "close";

    public static final String FUNC_COOPERATIVECLOSE = "cooperativeClose";

    public static final String FUNC_DEPOSIT = "deposit";

    public static final String FUNC_DISPUTE = "dispute";

    public static final String FUNC_DOMAINSEPARATOR = "domainSeparator";

    public static final String FUNC_OPEN = "open";

    public static final String FUNC_SETTLE = "settle";

    public static final String FUNC_WITHDRAW = "withdraw";

    public static final String FUNC_WITHDRAWABLE = "withdrawable";

    public static final CustomError BALANCESDONOTMATCHDEPOSITS_ERROR = new CustomError("BalancesDoNotMatchDeposits", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError BOUNTYTOOLARGE_ERROR = new CustomError("BountyTooLarge", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
    ;

    public static final CustomError CHALLENGEPERIODNOTOVER_ERROR = new CustomError("ChallengePeriodNotOver", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint64>() {}));
    ;

    public static final CustomError CHALLENGEPERIODOUTOFRANGE_ERROR = new CustomError("ChallengePeriodOutOfRange", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint64>() {}));
    ;

    public static final CustomError CHALLENGEPERIODOVER_ERROR = new CustomError("ChallengePeriodOver", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint64>() {}));
    ;

    public static final CustomError CHANNELALREADYEXISTS_ERROR = new CustomError("ChannelAlreadyExists", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
    ;

    public static final CustomError CHANNELNOTCLOSING_ERROR = new CustomError("ChannelNotClosing", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}, new TypeReference<Uint8>() {}));
    ;

    public static final CustomError CHANNELNOTOPEN_ERROR = new CustomError("ChannelNotOpen", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}, new TypeReference<Uint8>() {}));
    ;

    public static final CustomError DEPOSITTOOLARGE_ERROR = new CustomError("DepositTooLarge", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
    ;

    public static final CustomError INVALIDPARTNER_ERROR = new CustomError("InvalidPartner", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final CustomError MALFORMEDSIGNATURE_ERROR = new CustomError("MalformedSignature", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final CustomError NONCEBELOWCHECKPOINT_ERROR = new CustomError("NonceBelowCheckpoint", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}));
    ;

    public static final CustomError NONCENOTHIGHER_ERROR = new CustomError("NonceNotHigher", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}));
    ;

    public static final CustomError NOTAPARTY_ERROR = new CustomError("NotAParty", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}, new TypeReference<Address>() {}));
    ;

    public static final CustomError NOTHINGTOWITHDRAW_ERROR = new CustomError("NothingToWithdraw", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}));
    ;

    public static final CustomError OPENINGBALANCESMISMATCH_ERROR = new CustomError("OpeningBalancesMismatch", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError TRANSFERFAILED_ERROR = new CustomError("TransferFailed", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final CustomError UNKNOWNCHANNEL_ERROR = new CustomError("UnknownChannel", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
    ;

    public static final CustomError WRONGSIGNER_ERROR = new CustomError("WrongSigner", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>() {}, new TypeReference<Address>() {}));
    ;

    public static final CustomError ZERODEPOSIT_ERROR = new CustomError("ZeroDeposit", 
            Arrays.<TypeReference<?>>asList());
    ;

    public static final Event CHANNELOPENED_EVENT = new Event("ChannelOpened", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Uint256>() {}, new TypeReference<Uint64>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final Event CHECKPOINTED_EVENT = new Event("Checkpointed", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Uint64>() {}));
    ;

    public static final Event CLOSESTARTED_EVENT = new Event("CloseStarted", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Address>() {}, new TypeReference<Address>() {}, new TypeReference<Uint64>() {}, new TypeReference<Uint64>() {}));
    ;

    public static final Event COOPERATIVELYCLOSED_EVENT = new Event("CooperativelyClosed", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Uint64>() {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final Event DEPOSITED_EVENT = new Event("Deposited", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}));
    ;

    public static final Event DISPUTED_EVENT = new Event("Disputed", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Address>(true) {}, new TypeReference<Uint64>() {}, new TypeReference<Address>() {}));
    ;

    public static final Event SETTLED_EVENT = new Event("Settled", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>(true) {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}, new TypeReference<Uint256>() {}, new TypeReference<Address>() {}));
    ;

    public static final Event WITHDRAWN_EVENT = new Event("Withdrawn", 
            Arrays.<TypeReference<?>>asList(new TypeReference<Address>(true) {}, new TypeReference<Uint256>() {}));
    ;

    @Deprecated
    protected ChannelHub(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    protected ChannelHub(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, credentials, contractGasProvider);
    }

    @Deprecated
    protected ChannelHub(String contractAddress, Web3j web3j, TransactionManager transactionManager,
            BigInteger gasPrice, BigInteger gasLimit) {
        super(BINARY, contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    protected ChannelHub(String contractAddress, Web3j web3j, TransactionManager transactionManager,
            ContractGasProvider contractGasProvider) {
        super(BINARY, contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static List<ChannelOpenedEventResponse> getChannelOpenedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(CHANNELOPENED_EVENT, transactionReceipt);
        ArrayList<ChannelOpenedEventResponse> responses = new ArrayList<ChannelOpenedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            ChannelOpenedEventResponse typedResponse = new ChannelOpenedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.channelId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.partyA = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.partyB = (String) eventValues.getIndexedValues().get(2).getValue();
            typedResponse.deposit = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.challengePeriod = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
            typedResponse.bounty = (BigInteger) eventValues.getNonIndexedValues().get(2).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static ChannelOpenedEventResponse getChannelOpenedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(CHANNELOPENED_EVENT, log);
        ChannelOpenedEventResponse typedResponse = new ChannelOpenedEventResponse();
        typedResponse.log = log;
        typedResponse.channelId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.partyA = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.partyB = (String) eventValues.getIndexedValues().get(2).getValue();
        typedResponse.deposit = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.challengePeriod = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
        typedResponse.bounty = (BigInteger) eventValues.getNonIndexedValues().get(2).getValue();
        return typedResponse;
    }

    public Flowable<ChannelOpenedEventResponse> channelOpenedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getChannelOpenedEventFromLog(log));
    }

    public Flowable<ChannelOpenedEventResponse> channelOpenedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(CHANNELOPENED_EVENT));
        return channelOpenedEventFlowable(filter);
    }

    public static List<CheckpointedEventResponse> getCheckpointedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(CHECKPOINTED_EVENT, transactionReceipt);
        ArrayList<CheckpointedEventResponse> responses = new ArrayList<CheckpointedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            CheckpointedEventResponse typedResponse = new CheckpointedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.channelId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.nonce = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static CheckpointedEventResponse getCheckpointedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(CHECKPOINTED_EVENT, log);
        CheckpointedEventResponse typedResponse = new CheckpointedEventResponse();
        typedResponse.log = log;
        typedResponse.channelId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.nonce = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        return typedResponse;
    }

    public Flowable<CheckpointedEventResponse> checkpointedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getCheckpointedEventFromLog(log));
    }

    public Flowable<CheckpointedEventResponse> checkpointedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(CHECKPOINTED_EVENT));
        return checkpointedEventFlowable(filter);
    }

    public static List<CloseStartedEventResponse> getCloseStartedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(CLOSESTARTED_EVENT, transactionReceipt);
        ArrayList<CloseStartedEventResponse> responses = new ArrayList<CloseStartedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            CloseStartedEventResponse typedResponse = new CloseStartedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.channelId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.closer = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.partyA = (String) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.partyB = (String) eventValues.getNonIndexedValues().get(1).getValue();
            typedResponse.nonce = (BigInteger) eventValues.getNonIndexedValues().get(2).getValue();
            typedResponse.deadline = (BigInteger) eventValues.getNonIndexedValues().get(3).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static CloseStartedEventResponse getCloseStartedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(CLOSESTARTED_EVENT, log);
        CloseStartedEventResponse typedResponse = new CloseStartedEventResponse();
        typedResponse.log = log;
        typedResponse.channelId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.closer = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.partyA = (String) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.partyB = (String) eventValues.getNonIndexedValues().get(1).getValue();
        typedResponse.nonce = (BigInteger) eventValues.getNonIndexedValues().get(2).getValue();
        typedResponse.deadline = (BigInteger) eventValues.getNonIndexedValues().get(3).getValue();
        return typedResponse;
    }

    public Flowable<CloseStartedEventResponse> closeStartedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getCloseStartedEventFromLog(log));
    }

    public Flowable<CloseStartedEventResponse> closeStartedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(CLOSESTARTED_EVENT));
        return closeStartedEventFlowable(filter);
    }

    public static List<CooperativelyClosedEventResponse> getCooperativelyClosedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(COOPERATIVELYCLOSED_EVENT, transactionReceipt);
        ArrayList<CooperativelyClosedEventResponse> responses = new ArrayList<CooperativelyClosedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            CooperativelyClosedEventResponse typedResponse = new CooperativelyClosedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.channelId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.nonce = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.balanceA = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
            typedResponse.balanceB = (BigInteger) eventValues.getNonIndexedValues().get(2).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static CooperativelyClosedEventResponse getCooperativelyClosedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(COOPERATIVELYCLOSED_EVENT, log);
        CooperativelyClosedEventResponse typedResponse = new CooperativelyClosedEventResponse();
        typedResponse.log = log;
        typedResponse.channelId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.nonce = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.balanceA = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
        typedResponse.balanceB = (BigInteger) eventValues.getNonIndexedValues().get(2).getValue();
        return typedResponse;
    }

    public Flowable<CooperativelyClosedEventResponse> cooperativelyClosedEventFlowable(
            EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getCooperativelyClosedEventFromLog(log));
    }

    public Flowable<CooperativelyClosedEventResponse> cooperativelyClosedEventFlowable(
            DefaultBlockParameter startBlock, DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(COOPERATIVELYCLOSED_EVENT));
        return cooperativelyClosedEventFlowable(filter);
    }

    public static List<DepositedEventResponse> getDepositedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(DEPOSITED_EVENT, transactionReceipt);
        ArrayList<DepositedEventResponse> responses = new ArrayList<DepositedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            DepositedEventResponse typedResponse = new DepositedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.channelId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.party = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.amount = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.total = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static DepositedEventResponse getDepositedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(DEPOSITED_EVENT, log);
        DepositedEventResponse typedResponse = new DepositedEventResponse();
        typedResponse.log = log;
        typedResponse.channelId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.party = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.amount = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.total = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
        return typedResponse;
    }

    public Flowable<DepositedEventResponse> depositedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getDepositedEventFromLog(log));
    }

    public Flowable<DepositedEventResponse> depositedEventFlowable(DefaultBlockParameter startBlock,
            DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(DEPOSITED_EVENT));
        return depositedEventFlowable(filter);
    }

    public static List<DisputedEventResponse> getDisputedEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(DISPUTED_EVENT, transactionReceipt);
        ArrayList<DisputedEventResponse> responses = new ArrayList<DisputedEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            DisputedEventResponse typedResponse = new DisputedEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.channelId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.disputer = (String) eventValues.getIndexedValues().get(1).getValue();
            typedResponse.nonce = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.bountyTo = (String) eventValues.getNonIndexedValues().get(1).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static DisputedEventResponse getDisputedEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(DISPUTED_EVENT, log);
        DisputedEventResponse typedResponse = new DisputedEventResponse();
        typedResponse.log = log;
        typedResponse.channelId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.disputer = (String) eventValues.getIndexedValues().get(1).getValue();
        typedResponse.nonce = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.bountyTo = (String) eventValues.getNonIndexedValues().get(1).getValue();
        return typedResponse;
    }

    public Flowable<DisputedEventResponse> disputedEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getDisputedEventFromLog(log));
    }

    public Flowable<DisputedEventResponse> disputedEventFlowable(DefaultBlockParameter startBlock,
            DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(DISPUTED_EVENT));
        return disputedEventFlowable(filter);
    }

    public static List<SettledEventResponse> getSettledEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(SETTLED_EVENT, transactionReceipt);
        ArrayList<SettledEventResponse> responses = new ArrayList<SettledEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            SettledEventResponse typedResponse = new SettledEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.channelId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.balanceA = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            typedResponse.balanceB = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
            typedResponse.bounty = (BigInteger) eventValues.getNonIndexedValues().get(2).getValue();
            typedResponse.bountyTo = (String) eventValues.getNonIndexedValues().get(3).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static SettledEventResponse getSettledEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(SETTLED_EVENT, log);
        SettledEventResponse typedResponse = new SettledEventResponse();
        typedResponse.log = log;
        typedResponse.channelId = (byte[]) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.balanceA = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        typedResponse.balanceB = (BigInteger) eventValues.getNonIndexedValues().get(1).getValue();
        typedResponse.bounty = (BigInteger) eventValues.getNonIndexedValues().get(2).getValue();
        typedResponse.bountyTo = (String) eventValues.getNonIndexedValues().get(3).getValue();
        return typedResponse;
    }

    public Flowable<SettledEventResponse> settledEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getSettledEventFromLog(log));
    }

    public Flowable<SettledEventResponse> settledEventFlowable(DefaultBlockParameter startBlock,
            DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(SETTLED_EVENT));
        return settledEventFlowable(filter);
    }

    public static List<WithdrawnEventResponse> getWithdrawnEvents(
            TransactionReceipt transactionReceipt) {
        List<Contract.EventValuesWithLog> valueList = staticExtractEventParametersWithLog(WITHDRAWN_EVENT, transactionReceipt);
        ArrayList<WithdrawnEventResponse> responses = new ArrayList<WithdrawnEventResponse>(valueList.size());
        for (Contract.EventValuesWithLog eventValues : valueList) {
            WithdrawnEventResponse typedResponse = new WithdrawnEventResponse();
            typedResponse.log = eventValues.getLog();
            typedResponse.account = (String) eventValues.getIndexedValues().get(0).getValue();
            typedResponse.amount = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
            responses.add(typedResponse);
        }
        return responses;
    }

    public static WithdrawnEventResponse getWithdrawnEventFromLog(Log log) {
        Contract.EventValuesWithLog eventValues = staticExtractEventParametersWithLog(WITHDRAWN_EVENT, log);
        WithdrawnEventResponse typedResponse = new WithdrawnEventResponse();
        typedResponse.log = log;
        typedResponse.account = (String) eventValues.getIndexedValues().get(0).getValue();
        typedResponse.amount = (BigInteger) eventValues.getNonIndexedValues().get(0).getValue();
        return typedResponse;
    }

    public Flowable<WithdrawnEventResponse> withdrawnEventFlowable(EthFilter filter) {
        return web3j.ethLogFlowable(filter).map(log -> getWithdrawnEventFromLog(log));
    }

    public Flowable<WithdrawnEventResponse> withdrawnEventFlowable(DefaultBlockParameter startBlock,
            DefaultBlockParameter endBlock) {
        EthFilter filter = new EthFilter(startBlock, endBlock, getContractAddress());
        filter.addSingleTopic(EventEncoder.encode(WITHDRAWN_EVENT));
        return withdrawnEventFlowable(filter);
    }

    public RemoteFunctionCall<byte[]> FINAL_STATE_TYPEHASH() {
        final Function function = new Function(FUNC_FINAL_STATE_TYPEHASH, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    public RemoteFunctionCall<byte[]> HUNTER_AUTHORIZATION_TYPEHASH() {
        final Function function = new Function(FUNC_HUNTER_AUTHORIZATION_TYPEHASH, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    public RemoteFunctionCall<BigInteger> MAX_CHALLENGE_PERIOD() {
        final Function function = new Function(FUNC_MAX_CHALLENGE_PERIOD, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint64>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    public RemoteFunctionCall<byte[]> STATE_TYPEHASH() {
        final Function function = new Function(FUNC_STATE_TYPEHASH, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    public RemoteFunctionCall<ChannelInfo> channels(byte[] channelId) {
        final Function function = new Function(FUNC_CHANNELS, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(channelId)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<ChannelInfo>() {}));
        return executeRemoteCallSingleValueReturn(function, ChannelInfo.class);
    }

    public RemoteFunctionCall<TransactionReceipt> checkpoint(State s, byte[] sigA, byte[] sigB) {
        final Function function = new Function(
                FUNC_CHECKPOINT, 
                Arrays.<Type>asList(s, 
                new org.web3j.abi.datatypes.DynamicBytes(sigA), 
                new org.web3j.abi.datatypes.DynamicBytes(sigB)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<TransactionReceipt> close(State s, byte[] sigA, byte[] sigB) {
        final Function function = new Function(
                FUNC_CLOSE, 
                Arrays.<Type>asList(s, 
                new org.web3j.abi.datatypes.DynamicBytes(sigA), 
                new org.web3j.abi.datatypes.DynamicBytes(sigB)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<TransactionReceipt> cooperativeClose(State s, byte[] sigA,
            byte[] sigB) {
        final Function function = new Function(
                FUNC_COOPERATIVECLOSE, 
                Arrays.<Type>asList(s, 
                new org.web3j.abi.datatypes.DynamicBytes(sigA), 
                new org.web3j.abi.datatypes.DynamicBytes(sigB)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<TransactionReceipt> deposit(byte[] channelId, BigInteger weiValue) {
        final Function function = new Function(
                FUNC_DEPOSIT, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(channelId)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function, weiValue);
    }

    public RemoteFunctionCall<TransactionReceipt> dispute(State s, byte[] sigA, byte[] sigB,
            byte[] hunterAuthSig) {
        final Function function = new Function(
                FUNC_DISPUTE, 
                Arrays.<Type>asList(s, 
                new org.web3j.abi.datatypes.DynamicBytes(sigA), 
                new org.web3j.abi.datatypes.DynamicBytes(sigB), 
                new org.web3j.abi.datatypes.DynamicBytes(hunterAuthSig)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<byte[]> domainSeparator() {
        final Function function = new Function(FUNC_DOMAINSEPARATOR, 
                Arrays.<Type>asList(), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Bytes32>() {}));
        return executeRemoteCallSingleValueReturn(function, byte[].class);
    }

    public RemoteFunctionCall<TransactionReceipt> open(String partner, BigInteger challengePeriod,
            BigInteger bounty, BigInteger weiValue) {
        final Function function = new Function(
                FUNC_OPEN, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, partner), 
                new org.web3j.abi.datatypes.generated.Uint64(challengePeriod), 
                new org.web3j.abi.datatypes.generated.Uint256(bounty)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function, weiValue);
    }

    public RemoteFunctionCall<TransactionReceipt> settle(byte[] channelId) {
        final Function function = new Function(
                FUNC_SETTLE, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.generated.Bytes32(channelId)), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<TransactionReceipt> withdraw() {
        final Function function = new Function(
                FUNC_WITHDRAW, 
                Arrays.<Type>asList(), 
                Collections.<TypeReference<?>>emptyList());
        return executeRemoteCallTransaction(function);
    }

    public RemoteFunctionCall<BigInteger> withdrawable(String account) {
        final Function function = new Function(FUNC_WITHDRAWABLE, 
                Arrays.<Type>asList(new org.web3j.abi.datatypes.Address(160, account)), 
                Arrays.<TypeReference<?>>asList(new TypeReference<Uint256>() {}));
        return executeRemoteCallSingleValueReturn(function, BigInteger.class);
    }

    @Deprecated
    public static ChannelHub load(String contractAddress, Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return new ChannelHub(contractAddress, web3j, credentials, gasPrice, gasLimit);
    }

    @Deprecated
    public static ChannelHub load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, BigInteger gasPrice, BigInteger gasLimit) {
        return new ChannelHub(contractAddress, web3j, transactionManager, gasPrice, gasLimit);
    }

    public static ChannelHub load(String contractAddress, Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return new ChannelHub(contractAddress, web3j, credentials, contractGasProvider);
    }

    public static ChannelHub load(String contractAddress, Web3j web3j,
            TransactionManager transactionManager, ContractGasProvider contractGasProvider) {
        return new ChannelHub(contractAddress, web3j, transactionManager, contractGasProvider);
    }

    public static RemoteCall<ChannelHub> deploy(Web3j web3j, Credentials credentials,
            ContractGasProvider contractGasProvider) {
        return deployRemoteCall(ChannelHub.class, web3j, credentials, contractGasProvider, getDeploymentBinary(), "");
    }

    public static RemoteCall<ChannelHub> deploy(Web3j web3j, TransactionManager transactionManager,
            ContractGasProvider contractGasProvider) {
        return deployRemoteCall(ChannelHub.class, web3j, transactionManager, contractGasProvider, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<ChannelHub> deploy(Web3j web3j, Credentials credentials,
            BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(ChannelHub.class, web3j, credentials, gasPrice, gasLimit, getDeploymentBinary(), "");
    }

    @Deprecated
    public static RemoteCall<ChannelHub> deploy(Web3j web3j, TransactionManager transactionManager,
            BigInteger gasPrice, BigInteger gasLimit) {
        return deployRemoteCall(ChannelHub.class, web3j, transactionManager, gasPrice, gasLimit, getDeploymentBinary(), "");
    }

    public static void linkLibraries(List<Contract.LinkReference> references) {
        librariesLinkedBinary = linkBinaryWithReferences(BINARY, references);
    }

    private static String getDeploymentBinary() {
        if (librariesLinkedBinary != null) {
            return librariesLinkedBinary;
        } else {
            return BINARY;
        }
    }

    public static class ChannelInfo extends StaticStruct {
        public String partyA;

        public String partyB;

        public BigInteger depositA;

        public BigInteger depositB;

        public BigInteger bounty;

        public BigInteger challengePeriod;

        public BigInteger nonce;

        public BigInteger deadline;

        public BigInteger status;

        public String closer;

        public BigInteger closingBalanceA;

        public BigInteger closingBalanceB;

        public String bountyTo;

        public ChannelInfo(String partyA, String partyB, BigInteger depositA, BigInteger depositB,
                BigInteger bounty, BigInteger challengePeriod, BigInteger nonce,
                BigInteger deadline, BigInteger status, String closer, BigInteger closingBalanceA,
                BigInteger closingBalanceB, String bountyTo) {
            super(new org.web3j.abi.datatypes.Address(160, partyA), 
                    new org.web3j.abi.datatypes.Address(160, partyB), 
                    new org.web3j.abi.datatypes.generated.Uint256(depositA), 
                    new org.web3j.abi.datatypes.generated.Uint256(depositB), 
                    new org.web3j.abi.datatypes.generated.Uint256(bounty), 
                    new org.web3j.abi.datatypes.generated.Uint64(challengePeriod), 
                    new org.web3j.abi.datatypes.generated.Uint64(nonce), 
                    new org.web3j.abi.datatypes.generated.Uint64(deadline), 
                    new org.web3j.abi.datatypes.generated.Uint8(status), 
                    new org.web3j.abi.datatypes.Address(160, closer), 
                    new org.web3j.abi.datatypes.generated.Uint256(closingBalanceA), 
                    new org.web3j.abi.datatypes.generated.Uint256(closingBalanceB), 
                    new org.web3j.abi.datatypes.Address(160, bountyTo));
            this.partyA = partyA;
            this.partyB = partyB;
            this.depositA = depositA;
            this.depositB = depositB;
            this.bounty = bounty;
            this.challengePeriod = challengePeriod;
            this.nonce = nonce;
            this.deadline = deadline;
            this.status = status;
            this.closer = closer;
            this.closingBalanceA = closingBalanceA;
            this.closingBalanceB = closingBalanceB;
            this.bountyTo = bountyTo;
        }

        public ChannelInfo(Address partyA, Address partyB, Uint256 depositA, Uint256 depositB,
                Uint256 bounty, Uint64 challengePeriod, Uint64 nonce, Uint64 deadline, Uint8 status,
                Address closer, Uint256 closingBalanceA, Uint256 closingBalanceB,
                Address bountyTo) {
            super(partyA, partyB, depositA, depositB, bounty, challengePeriod, nonce, deadline, status, closer, closingBalanceA, closingBalanceB, bountyTo);
            this.partyA = partyA.getValue();
            this.partyB = partyB.getValue();
            this.depositA = depositA.getValue();
            this.depositB = depositB.getValue();
            this.bounty = bounty.getValue();
            this.challengePeriod = challengePeriod.getValue();
            this.nonce = nonce.getValue();
            this.deadline = deadline.getValue();
            this.status = status.getValue();
            this.closer = closer.getValue();
            this.closingBalanceA = closingBalanceA.getValue();
            this.closingBalanceB = closingBalanceB.getValue();
            this.bountyTo = bountyTo.getValue();
        }
    }

    public static class State extends StaticStruct {
        public byte[] channelId;

        public BigInteger nonce;

        public BigInteger balanceA;

        public BigInteger balanceB;

        public State(byte[] channelId, BigInteger nonce, BigInteger balanceA, BigInteger balanceB) {
            super(new org.web3j.abi.datatypes.generated.Bytes32(channelId), 
                    new org.web3j.abi.datatypes.generated.Uint64(nonce), 
                    new org.web3j.abi.datatypes.generated.Uint256(balanceA), 
                    new org.web3j.abi.datatypes.generated.Uint256(balanceB));
            this.channelId = channelId;
            this.nonce = nonce;
            this.balanceA = balanceA;
            this.balanceB = balanceB;
        }

        public State(Bytes32 channelId, Uint64 nonce, Uint256 balanceA, Uint256 balanceB) {
            super(channelId, nonce, balanceA, balanceB);
            this.channelId = channelId.getValue();
            this.nonce = nonce.getValue();
            this.balanceA = balanceA.getValue();
            this.balanceB = balanceB.getValue();
        }
    }

    public static class ChannelOpenedEventResponse extends BaseEventResponse {
        public byte[] channelId;

        public String partyA;

        public String partyB;

        public BigInteger deposit;

        public BigInteger challengePeriod;

        public BigInteger bounty;
    }

    public static class CheckpointedEventResponse extends BaseEventResponse {
        public byte[] channelId;

        public BigInteger nonce;
    }

    public static class CloseStartedEventResponse extends BaseEventResponse {
        public byte[] channelId;

        public String closer;

        public String partyA;

        public String partyB;

        public BigInteger nonce;

        public BigInteger deadline;
    }

    public static class CooperativelyClosedEventResponse extends BaseEventResponse {
        public byte[] channelId;

        public BigInteger nonce;

        public BigInteger balanceA;

        public BigInteger balanceB;
    }

    public static class DepositedEventResponse extends BaseEventResponse {
        public byte[] channelId;

        public String party;

        public BigInteger amount;

        public BigInteger total;
    }

    public static class DisputedEventResponse extends BaseEventResponse {
        public byte[] channelId;

        public String disputer;

        public BigInteger nonce;

        public String bountyTo;
    }

    public static class SettledEventResponse extends BaseEventResponse {
        public byte[] channelId;

        public BigInteger balanceA;

        public BigInteger balanceB;

        public BigInteger bounty;

        public String bountyTo;
    }

    public static class WithdrawnEventResponse extends BaseEventResponse {
        public String account;

        public BigInteger amount;
    }
}
